/**
 * Detection quality on a labeled month: recall per takeover class, precision, false alerts per 1,000 benign logins
 * (overall and per confounder), alerts per detector — for both profiles, beside the targets of issues 12 and 14.
 *
 *   npm run bench:quality                                  # 1,000 users × 30 days, seed 1, both profiles
 *   npm run bench:quality -- --seeds 1,2,3                 # each seed, then the worst of them
 *   npm run bench:quality -- --users 200 --profiles default --json
 *   npm run bench:quality -- --events e.ndjson --labels l.json   # a month written by scripts/quality/generate_labeled.ts
 *
 * The month: scripts/quality/generate_labeled.ts (what it contains and how it is labeled). The run:
 * scripts/quality/run_detection.ts (the CLI's normaliser, enricher and settings loader, then the core in hourly
 * windows; in process, no Elasticsearch). The figures' definitions: scripts/quality/score.ts.
 *
 * Exit code 0 whatever the figures (this measures; it does not gate), 2 on unusable arguments or files.
 */
import fs from 'node:fs';
import { PROFILE_NAMES } from '../common/detection_config';
import type { ProfileName } from '../common/alert_document';
import {
  CONFOUNDERS,
  DEFAULT_START,
  LOGIN_TAKEOVER_CLASSES,
  generateLabeledMonth,
  parseLabelsFile,
  type EventLabel,
  type Incident,
} from './quality/generate_labeled';
import { runDetection } from './quality/run_detection';
import { ACCOUNT_ATTACK_CLASSES } from './quality/account_attacks';
import { runCredentialFamily, runCredentialUserFamily } from './quality/run_credential';
import { QUALITY_TARGETS, scoreAlerts, targetChecks, worstOf, type QualityReport } from './quality/score';

const USAGE = `Usage: npm run bench:quality -- [--users 1000] [--days 30] [--seeds 1[,2,…]] [--profiles default,buffalogs]
       [--takeovers-per-class N] [--events FILE --labels FILE] [--json]`;

interface BenchArgs {
  users: number;
  days: number;
  seeds: number[];
  profiles: ProfileName[];
  takeoversPerClass?: number;
  events?: string;
  labels?: string;
  json: boolean;
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { users: 1000, days: 30, seeds: [1], profiles: ['buffalogs', 'default'], json: false };
  const whole = (name: string, text: string | undefined): number => {
    if (text === undefined || !/^\d{1,9}$/.test(text)) throw new Error(`${name} must be a whole number, not "${text}"`);
    return Number(text);
  };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    if (name === '--json') {
      args.json = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${name} needs a value`);
    if (name === '--users') args.users = whole(name, value);
    else if (name === '--days') args.days = whole(name, value);
    else if (name === '--seed' || name === '--seeds') args.seeds = value.split(',').map((s) => whole(name, s.trim()));
    else if (name === '--takeovers-per-class') args.takeoversPerClass = whole(name, value);
    else if (name === '--events') args.events = value;
    else if (name === '--labels') args.labels = value;
    else if (name === '--profiles') {
      const names = value.split(',').map((s) => s.trim());
      for (const p of names)
        if (!(PROFILE_NAMES as readonly string[]).includes(p))
          throw new Error(`--profiles: unknown profile "${p}"; known: ${PROFILE_NAMES.join(', ')}`);
      args.profiles = names as ProfileName[];
    } else throw new Error(`unknown option "${name}"`);
  }
  if ((args.events === undefined) !== (args.labels === undefined)) throw new Error('--events and --labels go together');
  return args;
}

interface Month {
  name: string;
  events: Array<{ event: { id: string; outcome: string } }>;
  labels: ReadonlyMap<string, EventLabel>;
  incidents: Incident[];
}

function months(args: BenchArgs): Month[] {
  if (args.events && args.labels) {
    const events = fs
      .readFileSync(args.events, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((line, n) => {
        try {
          return JSON.parse(line) as Month['events'][number];
        } catch (e) {
          throw new Error(`${args.events}:${n + 1}: not JSON (${(e as Error).message})`);
        }
      });
    return [{ name: args.events, events, ...parseLabelsFile(fs.readFileSync(args.labels, 'utf8')) }];
  }
  return args.seeds.map((seed) => {
    const m = generateLabeledMonth({
      users: args.users,
      days: args.days,
      seed,
      start: DEFAULT_START,
      ...(args.takeoversPerClass !== undefined ? { takeoversPerClass: args.takeoversPerClass } : {}),
    });
    return { name: `seed ${seed}`, events: m.events, labels: m.labels, incidents: m.incidents };
  });
}

const fixed = (n: number, d = 2) => (Number.isNaN(n) ? '–' : n.toFixed(d));
const pad = (s: string | number, n: number) => String(s).padStart(n);

function formatReport(title: string, r: QualityReport, seconds?: number): string {
  const lines: string[] = [];
  const t = QUALITY_TARGETS;
  const mark = (met: boolean) => (met ? 'ok' : 'MISSED');
  lines.push(
    `${title}: ${r.events.toLocaleString('en')} events (${r.benignLogins.toLocaleString('en')} benign logins, ` +
      `${r.takeoverLogins} attacker logins, ${r.failures.toLocaleString('en')} failures), ${r.incidents} takeovers; ` +
      `${r.alerts.open} open alerts, ${r.alerts.filtered} filtered` +
      (seconds !== undefined ? `; detect ${seconds.toFixed(2)} s` : ''),
  );
  lines.push(`  ${'recall by takeover class'.padEnd(40)} caught  recall  target`);
  for (const c of LOGIN_TAKEOVER_CLASSES) {
    const x = r.recall[c];
    if (!x.incidents) continue;
    lines.push(
      `    ${c.padEnd(38)} ${pad(`${x.caught}/${x.incidents}`, 6)}  ${pad(fixed(x.recall), 6)}  ≥ ${t.recall}  ${mark(x.recall >= t.recall)}`,
    );
  }
  lines.push(
    `  ${'precision (true / open alerts)'.padEnd(40)} ${pad(`${r.precision.truePositive}/${r.alerts.open}`, 6)}  ${pad(fixed(r.precision.value), 6)}  ≥ ${t.precision}   ${mark(r.precision.value >= t.precision)}`,
  );
  lines.push(
    `  ${'false alerts per 1,000 benign logins'.padEnd(40)} ${pad(r.precision.falsePositive, 6)}  ${pad(fixed(r.falsePer1000), 6)}  ≤ ${t.falsePer1000}   ${mark(r.falsePer1000 <= t.falsePer1000)}`,
  );
  lines.push(
    `  ${'  of which typos + shared egress'.padEnd(40)} ${pad('', 6)}  ${pad(fixed(r.credentialNoisePer1000), 6)}  ≤ ${t.credentialNoisePer1000}   ${mark(r.credentialNoisePer1000 <= t.credentialNoisePer1000)}`,
  );
  lines.push(`  ${'false alerts by confounder'.padEnd(40)} alerts  /1,000 benign  /1,000 own  (own logins)`);
  for (const c of CONFOUNDERS) {
    const x = r.byConfounder[c];
    lines.push(
      `    ${c.padEnd(38)} ${pad(x.falseAlerts, 6)}  ${pad(fixed(x.per1000Benign), 12)}  ${pad(fixed(x.per1000Own, 1), 9)}  (${x.logins})`,
    );
  }
  const detectors = Object.entries(r.byDetector).sort((a, b) => b[1].open - a[1].open);
  if (detectors.length) {
    lines.push(`  ${'alerts by detector'.padEnd(40)}   open  filtered  true  false`);
    for (const [rule, d] of detectors)
      lines.push(
        `    ${rule.padEnd(38)} ${pad(d.open, 6)}  ${pad(d.filtered, 8)}  ${pad(d.truePositive, 4)}  ${pad(d.falsePositive, 5)}`,
      );
  }
  const reasons = Object.entries(r.filteredBy).sort((a, b) => b[1] - a[1]);
  if (reasons.length) lines.push(`  filtered alerts by reason: ${reasons.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  if (r.unlabeled)
    lines.push(`  WARNING: ${r.unlabeled} open alerts on unlabeled events (labels do not match the events)`);
  // The account attacks are the user-keyed family's (its report lists them): the login family is measured on its own.
  const missed = r.missed.filter((m) => LOGIN_TAKEOVER_CLASSES.some((c) => m.startsWith(`${c}-`)));
  if (missed.length) lines.push(`  missed: ${missed.slice(0, 12).join(', ')}${missed.length > 12 ? ', …' : ''}`);
  return lines.join('\n');
}

/** The credential family alone: its two classes' recall (a compromised-account alert on the attacker's login) and
 * its noise; the other classes are the login family's. */
function formatCredentialReport(title: string, r: QualityReport, seconds: number): string {
  const t = QUALITY_TARGETS;
  const mark = (met: boolean) => (met ? 'ok' : 'MISSED');
  const lines = [
    `${title}: ${r.alerts.open} open alerts, ${r.alerts.filtered} filtered (trusted shared sources); replay ${seconds.toFixed(2)} s`,
  ];
  for (const c of ['credential_stuffing', 'password_spray'] as const) {
    const x = r.recall[c];
    lines.push(
      `    ${`recall ${c} (compromised accounts)`.padEnd(44)} ${pad(`${x.caught}/${x.incidents}`, 6)}  ${pad(fixed(x.recall), 6)}  ≥ ${t.recall}  ${mark(x.recall >= t.recall)}`,
    );
  }
  lines.push(
    `    ${'false alerts per 1,000 benign logins'.padEnd(44)} ${pad(r.precision.falsePositive, 6)}  ${pad(fixed(r.falsePer1000), 6)}`,
  );
  lines.push(
    `    ${'  of which typos + shared egress'.padEnd(44)} ${pad('', 6)}  ${pad(fixed(r.credentialNoisePer1000), 6)}  ≤ ${t.credentialNoisePer1000}   ${mark(r.credentialNoisePer1000 <= t.credentialNoisePer1000)}`,
  );
  for (const [rule, d] of Object.entries(r.byDetector))
    lines.push(
      `    ${rule.padEnd(44)} open ${d.open}, filtered ${d.filtered}, true ${d.truePositive}, false ${d.falsePositive}`,
    );
  return lines.join('\n');
}

/** The user-keyed credential family: its four classes' recall, its precision, and its false alerts per confounder
 * (typos, shared NAT/egress, MFA noise) per 1,000 benign logins. */
function formatUserReport(title: string, r: QualityReport, seconds: number): string {
  const t = QUALITY_TARGETS;
  const mark = (met: boolean) => (met ? 'ok' : 'MISSED');
  const lines = [
    `${title}: ${r.alerts.open} open alerts, ${r.alerts.filtered} filtered; ${r.mfaSteps.toLocaleString('en')} MFA steps; replay ${seconds.toFixed(2)} s`,
  ];
  for (const c of ACCOUNT_ATTACK_CLASSES) {
    const x = r.recall[c];
    lines.push(
      `    ${`recall ${c}`.padEnd(44)} ${pad(`${x.caught}/${x.incidents}`, 6)}  ${pad(fixed(x.recall), 6)}  ≥ ${t.recall}  ${mark(x.recall >= t.recall)}`,
    );
  }
  lines.push(
    `    ${'precision (true / open alerts)'.padEnd(44)} ${pad(`${r.precision.truePositive}/${r.alerts.open}`, 6)}  ${pad(fixed(r.precision.value), 6)}  ≥ ${t.precision}   ${mark(!(r.precision.value < t.precision))}`,
  );
  lines.push(
    `    ${'false alerts per 1,000 benign logins'.padEnd(44)} ${pad(r.precision.falsePositive, 6)}  ${pad(fixed(r.falsePer1000), 6)}`,
  );
  lines.push(
    `    ${'  of which typos + shared egress'.padEnd(44)} ${pad('', 6)}  ${pad(fixed(r.credentialNoisePer1000), 6)}  ≤ ${t.credentialNoisePer1000}   ${mark(r.credentialNoisePer1000 <= t.credentialNoisePer1000)}`,
  );
  for (const c of ['failed_password', 'shared_egress', 'mfa_noise'] as const) {
    const x = r.byConfounder[c];
    lines.push(
      `    ${`  ${c} (${x.logins.toLocaleString('en')} ${c === 'mfa_noise' ? 'approvals' : 'logins'})`.padEnd(44)} ${pad(x.falseAlerts, 6)}  ${pad(fixed(x.per1000Benign), 6)}  /1,000 benign  ${fixed(x.per1000Own, 2)} /1,000 own`,
    );
  }
  for (const [rule, d] of Object.entries(r.byDetector))
    lines.push(
      `    ${rule.padEnd(44)} open ${d.open}, filtered ${d.filtered}, true ${d.truePositive}, false ${d.falsePositive}`,
    );
  const missed = r.missed.filter((m) => ACCOUNT_ATTACK_CLASSES.some((c) => m.startsWith(`${c}-`)));
  if (missed.length) lines.push(`    missed: ${missed.join(', ')}`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const started = Date.now();
  let monthList: Month[];
  try {
    monthList = months(args);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  const results: Array<{ month: string; profile: ProfileName; seconds: number; report: QualityReport }> = [];
  for (const month of monthList) {
    for (const profile of args.profiles) {
      const run = await runDetection(month.events, profile);
      const report = scoreAlerts({
        events: month.events,
        labels: month.labels,
        incidents: month.incidents,
        alerts: run.alerts,
      });
      results.push({ month: month.name, profile, seconds: run.detectSeconds, report });
      if (!args.json)
        process.stdout.write(`${formatReport(`${profile} profile, ${month.name}`, report, run.detectSeconds)}\n\n`);
    }
  }
  // The credential family (source-keyed: stuffing, spray and the compromised accounts after them) over each month.
  for (const month of monthList) {
    const run = runCredentialFamily(month.events);
    const report = scoreAlerts({
      events: month.events,
      labels: month.labels,
      incidents: month.incidents,
      alerts: run.alerts,
    });
    if (args.json)
      process.stdout.write(`${JSON.stringify({ credential: { month: month.name, seconds: run.seconds, report } })}\n`);
    else process.stdout.write(`${formatCredentialReport(`credential family, ${month.name}`, report, run.seconds)}\n\n`);
  }
  // The user-keyed family (brute force, distributed brute force, MFA fatigue, and the takeovers after them).
  for (const month of monthList) {
    const run = runCredentialUserFamily(month.events);
    const report = scoreAlerts({
      events: month.events,
      labels: month.labels,
      incidents: month.incidents,
      alerts: run.alerts,
    });
    if (args.json)
      process.stdout.write(
        `${JSON.stringify({ credential_user: { month: month.name, seconds: run.seconds, report, checks: targetChecks(report, ACCOUNT_ATTACK_CLASSES) } })}\n`,
      );
    else process.stdout.write(`${formatUserReport(`credential_user family, ${month.name}`, report, run.seconds)}\n\n`);
  }
  const worst = Object.fromEntries(
    args.profiles.map((p) => [p, worstOf(results.filter((r) => r.profile === p).map((r) => r.report))]),
  );
  if (args.json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          targets: QUALITY_TARGETS,
          users: args.users,
          days: args.days,
          runs: results.map((r) => ({ ...r, checks: targetChecks(r.report) })),
          worst: Object.fromEntries(Object.entries(worst).map(([p, r]) => [p, { report: r, checks: targetChecks(r) }])),
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  if (monthList.length > 1) {
    for (const p of args.profiles) {
      const r = worst[p];
      const checks = targetChecks(r)
        .map((c) => `${c.name} ${fixed(c.value)} (${c.target}) ${c.met ? 'ok' : 'MISSED'}`)
        .join('; ');
      process.stdout.write(`worst of ${monthList.length} (${p}): ${checks}\n`);
    }
  }
  process.stdout.write(`total ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

if (require.main === module) void main();
