import React, { useState } from 'react';
import {
  EuiButton,
  EuiButtonEmpty,
  EuiCallOut,
  EuiFieldNumber,
  EuiFieldText,
  EuiFlexGroup,
  EuiFlexItem,
  EuiForm,
  EuiFormRow,
  EuiPanel,
  EuiSelect,
  EuiSpacer,
  EuiSwitch,
  EuiTab,
  EuiTabs,
  EuiTextArea,
  EuiTitle,
} from '@elastic/eui';
import { API_LIMITS } from '../../../common/api';
import {
  DIRECTIONS,
  MATCH_TYPES,
  PERIOD_WHENS,
  SEVERITIES,
  type SequenceRuleInput,
} from '../../../common/sequence_rule';
import {
  FIELD_LABELS,
  formValues,
  ruleFromForm,
  ruleFromJson,
  type RuleField,
  type RuleFormValues,
  type SortedErrors,
} from './rule_form_model';

type Tab = 'form' | 'json';
const HELP: Partial<Record<RuleField, string>> = {
  id: 'Starts with "sequence"; a-z, 0-9, "_", "-", ".". Alerts carry it as rule.id.',
  identifier: 'The ECS field whose value ties the events together: user.name, source.ip, user.email, host.name…',
  first: 'An event name (matched with the alias table) or a JSON object {"name": …, "category"/"type"/"outcome": …}.',
  events: 'One per line, written like the initial event.',
  'period.duration':
    'e.g. 30s, 5m, 1h, 2d, 1w. "after": look from this long after the initial event; "before": until then.',
  time_frame: 'The whole window the matching events must fall in, measured from the initial event (event time).',
  version: 'A new version starts with empty windows. Saved edits of an existing rule get the next version.',
};
const LABELLED = (values: readonly string[], labels: Record<string, string> = {}) =>
  values.map((v) => ({ value: v, text: labels[v] ?? v }));

/**
 * One rule in a form and as JSON (two views of the same draft; switching checks the side being left), with the
 * server's 400 messages beside the fields they name. Read-only users see the same views, disabled.
 */
export function RuleEditor({
  initial,
  isNew,
  canSave,
  saving,
  dryRunning,
  serverErrors,
  onSave,
  onCancel,
  onDryRun,
}: {
  initial: SequenceRuleInput;
  isNew: boolean;
  canSave: boolean;
  saving: boolean;
  dryRunning: boolean;
  serverErrors?: SortedErrors;
  onSave: (rule: SequenceRuleInput) => void;
  onCancel: () => void;
  onDryRun: (rule: SequenceRuleInput, days: number) => void;
}) {
  const [tab, setTab] = useState<Tab>('form');
  const [values, setValues] = useState<RuleFormValues>(() => formValues(initial));
  const [json, setJson] = useState(() => JSON.stringify(initial, null, 2));
  const [localErrors, setLocalErrors] = useState<Partial<Record<RuleField, string>>>({});
  const [jsonProblem, setJsonProblem] = useState<string | undefined>();
  const [days, setDays] = useState('7');

  /** The draft as a rule, from the view on screen; undefined (with the problem shown) when it cannot be read. */
  const current = (): SequenceRuleInput | undefined => {
    if (tab === 'json') {
      const parsed = ruleFromJson(json);
      setJsonProblem(parsed.ok ? undefined : parsed.problem);
      return parsed.ok ? parsed.rule : undefined;
    }
    const built = ruleFromForm(values);
    setLocalErrors(built.ok ? {} : built.errors);
    return built.ok ? built.rule : undefined;
  };
  const switchTo = (next: Tab) => {
    if (next === tab) return;
    const rule = current();
    if (!rule) return;
    if (next === 'json') setJson(JSON.stringify(rule, null, 2));
    else setValues(formValues(rule));
    setTab(next);
  };
  const set = <K extends keyof RuleFormValues>(key: K, value: RuleFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const errorOf = (field: RuleField) => localErrors[field] ?? serverErrors?.fields[field];
  const daysNumber = Number(days);
  const daysValid = Number.isInteger(daysNumber) && daysNumber >= 1 && daysNumber <= API_LIMITS.maxDryRunDays;
  const fieldErrors = Object.keys(serverErrors?.fields ?? {}).length;

  const row = (field: RuleField, input: React.ReactElement) => (
    <EuiFormRow
      label={FIELD_LABELS[field]}
      helpText={HELP[field]}
      isInvalid={!!errorOf(field)}
      error={errorOf(field)}
      fullWidth
      data-test-subj={`sequenceRuleRow-${field}`}
    >
      {input}
    </EuiFormRow>
  );
  const text = (field: RuleField, key: keyof RuleFormValues) =>
    row(
      field,
      <EuiFieldText
        value={String(values[key])}
        onChange={(e) => set(key, e.target.value as never)}
        isInvalid={!!errorOf(field)}
        disabled={!canSave}
        fullWidth
        data-test-subj={`sequenceRuleField-${field}`}
      />,
    );
  const select = (field: RuleField, key: keyof RuleFormValues, options: readonly string[]) =>
    row(
      field,
      <EuiSelect
        value={String(values[key])}
        options={LABELLED(options, { followed_by: 'followed by', preceded_by: 'preceded by' })}
        onChange={(e) => set(key, e.target.value as never)}
        isInvalid={!!errorOf(field)}
        disabled={!canSave}
        data-test-subj={`sequenceRuleField-${field}`}
      />,
    );

  return (
    <EuiPanel hasBorder data-test-subj="sequenceRuleEditor">
      <EuiTitle size="s">
        <h2>{isNew ? 'New sequence rule' : `${canSave ? 'Edit' : 'View'} ${initial.name || initial.id}`}</h2>
      </EuiTitle>
      <EuiSpacer size="s" />
      {serverErrors && (fieldErrors > 0 || serverErrors.general.length > 0) && (
        <EuiCallOut
          title="The rule was refused"
          color="danger"
          iconType="error"
          role="alert"
          size="s"
          data-test-subj="sequenceRuleRefused"
        >
          {fieldErrors > 0 && <p>{`${fieldErrors} field(s) need a change: see the messages below each.`}</p>}
          {serverErrors.general.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </EuiCallOut>
      )}
      <EuiTabs size="s">
        <EuiTab isSelected={tab === 'form'} onClick={() => switchTo('form')} data-test-subj="sequenceRuleTab-form">
          Form
        </EuiTab>
        <EuiTab isSelected={tab === 'json'} onClick={() => switchTo('json')} data-test-subj="sequenceRuleTab-json">
          JSON
        </EuiTab>
      </EuiTabs>
      <EuiSpacer size="m" />
      <EuiForm
        component="form"
        fullWidth
        data-test-subj="sequenceRuleForm"
        onSubmit={(e) => {
          e.preventDefault();
          const rule = current();
          if (rule && canSave) onSave(rule);
        }}
      >
        {tab === 'json' ? (
          <EuiFormRow
            label="The rule as JSON"
            helpText="The format of the README's “Sequence rules” section; unknown keys are refused."
            isInvalid={!!jsonProblem || !!serverErrors}
            error={jsonProblem ?? (serverErrors ? formatErrors(serverErrors) : undefined)}
            fullWidth
          >
            <EuiTextArea
              value={json}
              onChange={(e) => setJson(e.target.value)}
              rows={22}
              isInvalid={!!jsonProblem}
              disabled={!canSave}
              fullWidth
              spellCheck={false}
              style={{ fontFamily: 'monospace' }}
              data-test-subj="sequenceRuleJson"
            />
          </EuiFormRow>
        ) : (
          <>
            <EuiFlexGroup>
              <EuiFlexItem>{text('id', 'id')}</EuiFlexItem>
              <EuiFlexItem>{text('name', 'name')}</EuiFlexItem>
            </EuiFlexGroup>
            {text('reason', 'reason')}
            {text('description', 'description')}
            <EuiFlexGroup>
              <EuiFlexItem>{text('identifier', 'identifier')}</EuiFlexItem>
              <EuiFlexItem>{select('severity', 'severity', SEVERITIES)}</EuiFlexItem>
              <EuiFlexItem>
                {row(
                  'version',
                  <EuiFieldNumber
                    value={values.version}
                    min={1}
                    onChange={(e) => set('version', e.target.value)}
                    isInvalid={!!errorOf('version')}
                    disabled={!canSave}
                    data-test-subj="sequenceRuleField-version"
                  />,
                )}
              </EuiFlexItem>
            </EuiFlexGroup>
            {text('first', 'first')}
            <EuiFlexGroup>
              <EuiFlexItem>{select('direction', 'direction', DIRECTIONS)}</EuiFlexItem>
              <EuiFlexItem>{select('match', 'match', MATCH_TYPES)}</EuiFlexItem>
            </EuiFlexGroup>
            {row(
              'events',
              <EuiTextArea
                value={values.events}
                onChange={(e) => set('events', e.target.value)}
                rows={3}
                isInvalid={!!errorOf('events')}
                disabled={!canSave}
                fullWidth
                data-test-subj="sequenceRuleField-events"
              />,
            )}
            <EuiFlexGroup>
              <EuiFlexItem>{select('period.when', 'periodWhen', PERIOD_WHENS)}</EuiFlexItem>
              <EuiFlexItem>{text('period.duration', 'periodDuration')}</EuiFlexItem>
              <EuiFlexItem>{text('time_frame', 'timeFrame')}</EuiFlexItem>
            </EuiFlexGroup>
            <EuiFormRow fullWidth isInvalid={!!errorOf('secondary')} error={errorOf('secondary')}>
              <EuiSwitch
                label="Chain a secondary event after the matched one"
                checked={values.hasSecondary}
                onChange={(e) => set('hasSecondary', e.target.checked)}
                disabled={!canSave}
                data-test-subj="sequenceRuleField-hasSecondary"
              />
            </EuiFormRow>
            {values.hasSecondary && (
              <EuiFlexGroup>
                <EuiFlexItem>{text('secondary.event', 'secondaryEvent')}</EuiFlexItem>
                <EuiFlexItem>{select('secondary.when', 'secondaryWhen', PERIOD_WHENS)}</EuiFlexItem>
                <EuiFlexItem>{text('secondary.duration', 'secondaryDuration')}</EuiFlexItem>
              </EuiFlexGroup>
            )}
            <EuiFormRow fullWidth>
              <EuiSwitch
                label="Enabled"
                checked={values.enabled}
                onChange={(e) => set('enabled', e.target.checked)}
                disabled={!canSave}
                data-test-subj="sequenceRuleField-enabled"
              />
            </EuiFormRow>
          </>
        )}
        <EuiSpacer size="m" />
        <EuiFlexGroup alignItems="flexEnd" wrap>
          {canSave && (
            <EuiFlexItem grow={false}>
              <EuiButton type="submit" fill isLoading={saving} data-test-subj="sequenceRuleSave">
                Save rule
              </EuiButton>
            </EuiFlexItem>
          )}
          <EuiFlexItem grow={false}>
            <EuiButtonEmpty onClick={onCancel} data-test-subj="sequenceRuleCancel">
              {canSave ? 'Cancel' : 'Close'}
            </EuiButtonEmpty>
          </EuiFlexItem>
          <EuiFlexItem grow={false} style={{ marginLeft: 'auto' }}>
            <EuiFormRow
              label="Dry run over the last days"
              isInvalid={!daysValid}
              error={daysValid ? undefined : `1 to ${API_LIMITS.maxDryRunDays} days`}
            >
              <EuiFieldNumber
                value={days}
                min={1}
                max={API_LIMITS.maxDryRunDays}
                onChange={(e) => setDays(e.target.value)}
                isInvalid={!daysValid}
                data-test-subj="sequenceDryRunDays"
              />
            </EuiFormRow>
          </EuiFlexItem>
          <EuiFlexItem grow={false}>
            <EuiButton
              onClick={() => {
                const rule = current();
                // The dry run tries the rule as drafted; a disabled draft would judge nothing.
                if (rule && daysValid) onDryRun({ ...rule, enabled: true }, daysNumber);
              }}
              isLoading={dryRunning}
              iconType="play"
              data-test-subj="sequenceDryRunButton"
            >
              Dry run
            </EuiButton>
          </EuiFlexItem>
        </EuiFlexGroup>
      </EuiForm>
    </EuiPanel>
  );
}

function formatErrors(errors: SortedErrors): string[] {
  return [
    ...Object.entries(errors.fields).map(([field, m]) => `${FIELD_LABELS[field as RuleField]}: ${m}`),
    ...errors.general,
  ];
}
