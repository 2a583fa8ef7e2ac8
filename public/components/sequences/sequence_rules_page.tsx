import React, { useState } from 'react';
import {
  EuiBadge,
  EuiBasicTable,
  EuiButton,
  EuiButtonEmpty,
  EuiCallOut,
  EuiFlexGroup,
  EuiFlexItem,
  EuiHealth,
  EuiLink,
  EuiLoadingSpinner,
  EuiPageTemplate,
  EuiSpacer,
  EuiSwitch,
  EuiText,
  type EuiBasicTableColumn,
} from '@elastic/eui';
import type {
  SequenceDryRunResponse,
  SequenceRulesImportResponse,
  SequenceRulesResponse,
  SequenceRulesUpdateRequest,
} from '../../../common/api';
import type { SequenceRuleInput } from '../../../common/sequence_rule';
import { useCanSave } from '../../hooks/use_can_save';
import { useFetch } from '../../hooks/use_fetch';
import { useNavigate } from '../../hooks/use_navigate';
import { usePageChrome } from '../../hooks/use_page_chrome';
import { useServices } from '../../hooks/use_services';
import { paths } from '../../router/routes';
import { describeHttpError, httpStatus } from '../../services/http_errors';
import { formatTime } from '../shared/format';
import { PageError } from '../shared/page_error';
import { DryRunResults } from './dry_run_results';
import { ImportNotes, ImportPanel } from './import_panel';
import { RuleEditor } from './rule_editor';
import { NEW_RULE, sortServerErrors, type SortedErrors } from './rule_form_model';

type Effective = SequenceRulesResponse['effective'][number];
interface Editing {
  rule: SequenceRuleInput;
  /** The id it was opened with (undefined: a new rule). */
  originalId?: string;
  /** Bumps to remount the editor on a new rule. */
  key: number;
}

/** Without a real change, a save keeps the version (and the rule's open windows); with one, the next version. */
function withVersion(rule: SequenceRuleInput, original: SequenceRuleInput | undefined): SequenceRuleInput {
  if (!original || rule.version !== original.version) return rule;
  const strip = (r: SequenceRuleInput) => JSON.stringify({ ...r, enabled: undefined });
  return strip(rule) === strip(original) ? rule : { ...rule, version: (original.version ?? 1) + 1 };
}

/**
 * Sequence rules (issue 15): the built-in pack and the space's own rules with their state, an editor (form and
 * JSON) whose refusals land on the field they name, porlock imports, and a dry run that shows what a rule would
 * have flagged without writing alerts. Editing needs the feature's "All" privilege; reading and dry runs do not.
 */
export function SequenceRulesPage() {
  usePageChrome([{ text: 'Sequence rules' }]);
  const { api, core } = useServices();
  const canSave = useCanSave();
  const { linkProps } = useNavigate();
  const { state, reload } = useFetch((signal) => api.listSequenceRules(signal), [api]);
  const [saved, setSaved] = useState<SequenceRulesResponse | undefined>();
  const data = saved && state.data && saved.version >= state.data.version ? saved : state.data;
  const [editing, setEditing] = useState<Editing | undefined>();
  const [errors, setErrors] = useState<SortedErrors | undefined>();
  const [problem, setProblem] = useState<{ conflict: boolean; message: string } | undefined>();
  const [busy, setBusy] = useState<'save' | 'dry' | undefined>();
  const [dryRun, setDryRun] = useState<SequenceDryRunResponse | undefined>();
  const [importing, setImporting] = useState(false);
  const [imported, setImported] = useState<SequenceRulesImportResponse | undefined>();

  const put = async (request: Omit<SequenceRulesUpdateRequest, 'expected_version'>, index = -1) => {
    if (!data) return false;
    setBusy('save');
    setProblem(undefined);
    setErrors(undefined);
    try {
      const answer = await api.saveSequenceRules({ ...request, expected_version: data.version });
      setSaved(answer);
      core.notifications.toasts.addSuccess(`Sequence rules saved (version ${answer.version})`);
      return true;
    } catch (error) {
      const status = httpStatus(error);
      const message = describeHttpError(error);
      // A refusal of the edited rule goes onto its fields; anything else (a toggle) is the page's problem.
      if (status === 400 && index >= 0) setErrors(sortServerErrors(message, index));
      else setProblem({ conflict: status === 409, message });
      return false;
    } finally {
      setBusy(undefined);
    }
  };

  const open = (rule: SequenceRuleInput, originalId?: string) => {
    setEditing({ rule, originalId, key: Date.now() });
    setErrors(undefined);
    setDryRun(undefined);
  };

  const save = async (draft: SequenceRuleInput) => {
    if (!data || !editing) return;
    const original = editing.originalId ? data.effective.find((e) => e.id === editing.originalId)?.rule : undefined;
    const rule = withVersion(draft, original);
    // A rule with a built-in's id is stored as the space's own and replaces the built-in.
    const others = data.rules.filter((r) => r.id !== editing.originalId && r.id !== rule.id);
    const rules = [...others, rule];
    if (await put({ rules, builtin_disabled: data.builtin_disabled }, rules.length - 1)) setEditing(undefined);
  };

  const toggle = (item: Effective, enabled: boolean) => {
    if (!data) return;
    if (item.builtin) {
      const off = new Set(data.builtin_disabled);
      if (enabled) off.delete(item.id);
      else off.add(item.id);
      void put({ rules: data.rules, builtin_disabled: [...off] });
    } else {
      const rules = data.rules.map((r) => (r.id === item.id ? { ...r, enabled } : r));
      void put({ rules, builtin_disabled: data.builtin_disabled });
    }
  };

  const runDry = async (rule: SequenceRuleInput, days: number) => {
    setBusy('dry');
    setDryRun(undefined);
    setErrors(undefined);
    setProblem(undefined);
    try {
      setDryRun(await api.dryRunSequenceRules({ days, rules: [rule] }));
    } catch (error) {
      const message = describeHttpError(error);
      if (httpStatus(error) === 400) setErrors(sortServerErrors(message, 0));
      else setProblem({ conflict: false, message });
    } finally {
      setBusy(undefined);
    }
  };

  const columns: Array<EuiBasicTableColumn<Effective>> = [
    {
      field: 'name',
      name: 'Rule',
      render: (name: string, item: Effective) => (
        <div>
          <strong>{name}</strong>
          <EuiText size="xs" color="subdued">
            <code>{item.id}</code>
          </EuiText>
        </div>
      ),
    },
    {
      field: 'builtin',
      name: 'Source',
      width: '140px',
      render: (builtin: boolean, item: Effective) =>
        builtin ? (
          <EuiBadge color="hollow">Built-in</EuiBadge>
        ) : data?.builtin.some((b) => b.id === item.id) ? (
          <EuiBadge color="accent">Custom (replaces built-in)</EuiBadge>
        ) : (
          <EuiBadge color="primary">Custom</EuiBadge>
        ),
    },
    {
      field: 'enabled',
      name: 'Enabled',
      width: '100px',
      render: (enabled: boolean, item: Effective) =>
        canSave ? (
          <EuiSwitch
            label={`${item.name} enabled`}
            showLabel={false}
            checked={enabled}
            disabled={busy !== undefined}
            onChange={(e) => toggle(item, e.target.checked)}
            data-test-subj="sequenceRuleEnabledSwitch"
          />
        ) : (
          // A dot and plain text: EUI's green badge puts white text on a green too light for WCAG AA (axe flags it).
          <EuiHealth color={enabled ? 'success' : 'subdued'} data-test-subj="sequenceRuleEnabledState">
            {enabled ? 'Enabled' : 'Disabled'}
          </EuiHealth>
        ),
    },
    { name: 'Reason', render: (item: Effective) => item.rule.reason || item.rule.description || '—' },
    { name: 'Version', width: '80px', render: (item: Effective) => String(item.rule.version ?? 1) },
    {
      name: 'Actions',
      width: '150px',
      render: (item: Effective) => (
        <>
          <EuiButtonEmpty
            size="s"
            onClick={() => open(item.rule, item.id)}
            aria-label={`${canSave ? 'Edit' : 'View'} ${item.name}`}
            data-test-subj="sequenceRuleEditButton"
          >
            {canSave ? 'Edit' : 'View'}
          </EuiButtonEmpty>
          <EuiLink
            {...linkProps(paths.alerts({ sequenceRule: item.id }))}
            aria-label={`Alerts of ${item.name}`}
            data-test-subj="sequenceRuleAlertsLink"
          >
            Alerts
          </EuiLink>
        </>
      ),
    },
  ];

  return (
    <EuiPageTemplate.Section data-test-subj="sequenceRulesPage">
      {state.status === 'error' && (
        <PageError title="Could not load the sequence rules" message={state.error} onRetry={reload} />
      )}
      {state.status === 'loading' && !data && <EuiLoadingSpinner size="xl" aria-label="Loading the sequence rules" />}
      {data && (
        <>
          <EuiFlexGroup alignItems="center">
            <EuiFlexItem>
              <EuiText size="s" color="subdued">
                <p>
                  {`Events harmless alone, suspicious in order. Version ${data.version}`}
                  {data.updated_by
                    ? `, last changed by ${data.updated_by} at ${formatTime(data.updated_at)}.`
                    : ' (the built-in pack).'}
                  {canSave ? '' : ' You can read the rules and dry-run them; changing them needs the “All” privilege.'}
                </p>
              </EuiText>
            </EuiFlexItem>
            {canSave && (
              <>
                <EuiFlexItem grow={false}>
                  <EuiButtonEmpty
                    iconType="importAction"
                    onClick={() => setImporting(true)}
                    data-test-subj="sequenceImportOpen"
                  >
                    Import
                  </EuiButtonEmpty>
                </EuiFlexItem>
                <EuiFlexItem grow={false}>
                  <EuiButton iconType="plusInCircle" onClick={() => open(NEW_RULE)} data-test-subj="sequenceRuleNew">
                    New rule
                  </EuiButton>
                </EuiFlexItem>
              </>
            )}
          </EuiFlexGroup>
          <EuiSpacer size="m" />
          {data.errors?.length ? (
            <EuiCallOut title="Stored rules that do not run" color="warning" iconType="warning" role="alert">
              {data.errors.map((e) => (
                <p key={e}>{e}</p>
              ))}
            </EuiCallOut>
          ) : null}
          {problem && (
            <EuiCallOut
              title={problem.conflict ? 'Someone else changed the rules' : 'The request failed'}
              color={problem.conflict ? 'warning' : 'danger'}
              iconType="error"
              role="alert"
              data-test-subj={problem.conflict ? 'sequenceRulesConflict' : 'buffalogsPageError'}
            >
              <p>{problem.message}</p>
              {problem.conflict && (
                <EuiButton
                  size="s"
                  color="warning"
                  onClick={() => {
                    setSaved(undefined);
                    setProblem(undefined);
                    reload();
                  }}
                >
                  Reload the rules
                </EuiButton>
              )}
            </EuiCallOut>
          )}
          {imported && <ImportNotes result={imported} />}
          {importing && canSave && (
            <>
              <ImportPanel
                version={data.version}
                onClose={() => setImporting(false)}
                onImported={(r) => {
                  setImported(r);
                  setSaved(r);
                  setImporting(false);
                }}
              />
              <EuiSpacer size="m" />
            </>
          )}
          <EuiBasicTable
            tableCaption="Sequence rules in force: the built-in pack and this space's own rules"
            items={data.effective}
            itemId="id"
            columns={columns}
            rowProps={(item) => ({ 'data-test-subj': `sequenceRuleRow-${item.id}` })}
            data-test-subj="sequenceRulesTable"
          />
          {editing && (
            <>
              <EuiSpacer size="l" />
              <RuleEditor
                key={editing.key}
                initial={editing.rule}
                isNew={!editing.originalId}
                canSave={canSave}
                saving={busy === 'save'}
                dryRunning={busy === 'dry'}
                serverErrors={errors}
                onSave={(rule) => void save(rule)}
                onCancel={() => setEditing(undefined)}
                onDryRun={(rule, days) => void runDry(rule, days)}
              />
            </>
          )}
          {dryRun && (
            <>
              <EuiSpacer size="l" />
              <DryRunResults result={dryRun} />
            </>
          )}
        </>
      )}
    </EuiPageTemplate.Section>
  );
}
