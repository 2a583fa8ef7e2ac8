/**
 * The source table: which integration family wrote a document (by `data_stream.dataset`, else `event.dataset`, else
 * the data stream's index name), what kind of authentication event it is, and who, from where, with which device.
 * Anything not listed falls back to the generic ECS rule (normalize_login.ts's `eventType` rule, unchanged).
 */
import { getPath, keywordValues, optionalString, unwrapSingle, type JsonObject } from '../events/ecs_document';
import { auth0 } from './auth0';
import { awsCloudTrail } from './aws_cloudtrail';
import { duo } from './duo';
import { entraId } from './entra_id';
import { ciscoAsa } from './cisco_asa';
import { fortinet } from './fortinet';
import { githubAudit } from './github_audit';
import { globalProtect } from './globalprotect';
import { googleWorkspace } from './google_workspace';
import { canonicalIdentity, isServiceAccount, type IdentityConfig } from './identity';
import { jumpCloud } from './jumpcloud';
import { keycloak } from './keycloak';
import { lastPass } from './lastpass';
import { m365 } from './m365';
import { okta } from './okta';
import { onePassword } from './onepassword';
import { text, verdict } from './read';
import { systemAuth } from './system_auth';
import { teleport } from './teleport';
import type { SourceDocument, SourceFamily, Verdict } from './types';
import { windowsSecurity } from './windows_security';

export const SOURCE_FAMILIES: readonly SourceFamily[] = [
  okta,
  entraId,
  m365,
  auth0,
  onePassword,
  duo,
  jumpCloud,
  keycloak,
  lastPass,
  teleport,
  awsCloudTrail,
  systemAuth,
  windowsSecurity,
  googleWorkspace,
  githubAudit,
  fortinet,
  globalProtect,
  ciscoAsa,
];

const BY_DATASET = new Map<string, SourceFamily>(
  SOURCE_FAMILIES.flatMap((f) => f.datasets.map((d) => [d, f] as const)),
);
export const KNOWN_DATASETS: readonly string[] = [...BY_DATASET.keys()];

/** How the generic rule treats `event.type` (normalize_login.ts's EventTypeRule). */
export type GenericTypeRule = 'start_or_absent' | 'start' | 'any';

/** `.ds-logs-okta.system-default-2024.01.01-000001` / `logs-okta.system-default` → `okta.system`. */
export function datasetFromIndex(index: string | undefined): string | undefined {
  const match = index ? /^(?:\.ds-)?logs-([^-]+)-/.exec(index) : null;
  return match?.[1];
}

export function datasetOf(doc: JsonObject, index?: string): string | undefined {
  return text(doc, 'data_stream.dataset') ?? text(doc, 'event.dataset') ?? datasetFromIndex(index);
}

export function familyOf(dataset: string | undefined): SourceFamily | undefined {
  return dataset === undefined ? undefined : BY_DATASET.get(dataset);
}

function view(doc: JsonObject, dataset: string | undefined): SourceDocument {
  const outcome = optionalString(unwrapSingle(getPath(doc, P_OUTCOME)));
  const event: SourceDocument = {
    doc,
    dataset,
    action: text(doc, 'event.action'),
    categories: keywordValues(getPath(doc, P_CATEGORY)),
    types: keywordValues(getPath(doc, P_TYPE)),
  };
  if (outcome !== undefined) event.outcome = outcome;
  return event;
}

/** Field paths, built once: the table judges every event the passes read. */
const P_OUTCOME = ['event', 'outcome'] as const;
const P_CATEGORY = ['event', 'category'] as const;
const P_TYPE = ['event', 'type'] as const;

/** The generic rule's fixed verdicts, made once (one per event read was garbage); nothing writes into a verdict. */
const GENERIC = {
  notAuthentication: Object.freeze(verdict('other', 'not an authentication event')),
  failure: Object.freeze(verdict('failure', 'authentication failure')),
  logout: Object.freeze(verdict('logout', 'event.type end')),
  noOutcome: Object.freeze(verdict('other', 'authentication without a success outcome')),
  login: Object.freeze(verdict('login', 'authentication success')),
};

/** The generic ECS rule for any other source: what the plugin has always called a login, and the obvious others. */
export function genericVerdict(event: SourceDocument, rule: GenericTypeRule): Verdict {
  if (!event.categories.includes('authentication')) return GENERIC.notAuthentication;
  if (event.outcome === 'failure') return GENERIC.failure;
  if (event.types.includes('end')) return GENERIC.logout;
  if (event.outcome !== 'success') return GENERIC.noOutcome;
  const absent = event.types.length === 0;
  if (rule === 'any' || event.types.includes('start') || (absent && rule === 'start_or_absent')) return GENERIC.login;
  return verdict('other', `event.type ${JSON.stringify(event.types)} is not a login start`);
}

const WHERE_NAMES = ['user.name', 'user.email', 'source.user.email'];

/** The first non-empty string of a field list (arrays: their first string). */
function firstText(doc: JsonObject, fields: readonly string[]): { field: string; value: string } | undefined {
  for (const field of fields) {
    const value = text(doc, field)?.trim();
    if (value) return { field, value };
  }
  return undefined;
}

/** `ip:port`, `[v6]:port` or a bare address → the address part. */
function addressPart(value: string): string {
  // A bare IPv4 address or host (the usual case): neither pattern below can match it.
  if (value.indexOf(':') === -1 && value[0] !== '[') return value;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return bracketed[1];
  const hostPort = /^([^:]+):\d+$/.exec(value);
  return hostPort ? hostPort[1] : value;
}

export interface SourceJudgement {
  family?: SourceFamily;
  dataset?: string;
  verdict: Verdict;
  /** The person (canonical identity, or the stored spelling lower-cased when `canonical` is off). */
  identity?: string;
  /** The name as the source wrote it, for the UI. */
  sourceUser?: string;
  /** Where the name was read. */
  userField?: string;
  /** The client address, from `source.ip` or wherever the family's pipeline put it. */
  address?: string;
}

export interface JudgeOptions {
  identity: IdentityConfig;
  /** Build the canonical identity (default) or keep the stored `user.name` spelling, lower-cased (the pass today). */
  canonical?: boolean;
  genericRule?: GenericTypeRule;
  index?: string;
}

/** Classifies one ECS document (dotted keys already expanded) with the table and finds its person and address. */
export function judgeSource(doc: JsonObject, options: JudgeOptions): SourceJudgement {
  const dataset = datasetOf(doc, options.index);
  const family = familyOf(dataset);
  const event = view(doc, dataset);
  let result = family ? family.classify(event) : genericVerdict(event, options.genericRule ?? 'start_or_absent');
  const canonical = options.canonical ?? true;
  const found = firstText(doc, canonical ? (family?.identityFields ?? WHERE_NAMES) : ['user.name']);
  const judgement: SourceJudgement = { verdict: result };
  if (family) judgement.family = family;
  if (dataset) judgement.dataset = dataset;
  if (found) {
    judgement.sourceUser = found.value;
    judgement.userField = found.field;
    judgement.identity = canonical
      ? canonicalIdentity(found.value, dataset, options.identity)
      : found.value.toLowerCase();
    const serviceName = text(doc, 'user.name') ?? found.value;
    if (
      options.identity.excludeServiceAccounts &&
      (result.kind === 'login' || result.kind === 'failure' || result.kind === 'mfa') &&
      (isServiceAccount(found.value, options.identity.serviceAccounts) ||
        (serviceName !== found.value && isServiceAccount(serviceName, options.identity.serviceAccounts)))
    ) {
      result = verdict('service_logon', `${found.value} is a service or machine account (identity.serviceAccounts)`);
      judgement.verdict = result;
    }
  }
  const address = firstText(doc, family?.addressFields ?? ['source.ip']);
  if (address) judgement.address = addressPart(address.value);
  return judgement;
}

/** Every field the table reads, for `_source` filtering of the login query. */
export const SOURCE_TABLE_FIELDS: readonly string[] = [
  ...new Set([
    'data_stream.dataset',
    'event.dataset',
    'event.action',
    'event.code',
    'user.email',
    'winlog.event_id',
    'winlog.event_data.LogonType',
    'azure.signinlogs.category',
    'azure.signinlogs.result_type',
    'azure.signinlogs.properties.is_interactive',
    'onepassword.type',
    'cisco_duo.auth.reason',
    'cisco_duo.auth.result',
    'cisco_duo.auth.factor',
    'teleport.audit.success',
    'system.auth.ssh.event',
    'system.auth.ssh.method',
    'process.name',
    'fortinet.firewall.action',
    'panw.panos.type',
    ...SOURCE_FAMILIES.flatMap((f) => [...f.identityFields, ...f.addressFields]),
  ]),
];
