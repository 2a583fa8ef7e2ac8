import React, { useState } from 'react';
import {
  EuiButton,
  EuiButtonEmpty,
  EuiCallOut,
  EuiFieldText,
  EuiFlexGroup,
  EuiFlexItem,
  EuiForm,
  EuiFormRow,
  EuiPanel,
  EuiSelect,
  EuiSpacer,
  EuiText,
  EuiTextArea,
  EuiTitle,
} from '@elastic/eui';
import type { AnalysisFieldError } from '../../../common/analysis_api';
import { sortErrors, TEMPLATES, type AnalysisForm } from './analysis_model';

const NAME = /^[A-Za-z0-9_.@-]{1,100}$/;

interface Props {
  initial: AnalysisForm;
  isNew: boolean;
  canSave: boolean;
  saving: boolean;
  /** The server's 400, each error naming its field. */
  serverErrors?: AnalysisFieldError[];
  /** A problem found before sending (YAML that does not parse…). */
  localError?: string;
  onSave: (form: AnalysisForm) => void;
  onCancel?: () => void;
}

/**
 * An analysis's definition: where the records come from (index pattern, time range, query) and its schedule in a
 * form, everything else (features, flags, packs, engine) as YAML or JSON in anomal's shape or ours. A refusal lands
 * on the form field it names, or under the editor for the YAML's own paths (`features[2].weight: …`).
 */
export function AnalysisEditor({ initial, isNew, canSave, saving, serverErrors, localError, onSave, onCancel }: Props) {
  const [form, setForm] = useState<AnalysisForm>(initial);
  const [template, setTemplate] = useState('');
  const set = (k: keyof AnalysisForm) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const sorted = sortErrors(serverErrors ?? []);
  const nameProblem = isNew && form.name !== '' && !NAME.test(form.name);
  const rowErrors = (path: string) => sorted.byField[path];
  const row = (path: string) => ({ isInvalid: Boolean(rowErrors(path)), error: rowErrors(path) });
  const yamlErrors = [...(localError ? [localError] : []), ...sorted.yaml];

  return (
    <EuiPanel hasBorder data-test-subj="analysisEditor">
      <EuiTitle size="s">
        <h2>{isNew ? 'New analysis' : `Definition of ${initial.name}`}</h2>
      </EuiTitle>
      <EuiSpacer size="m" />
      <EuiForm
        component="form"
        // The server judges the whole definition: EUI marks a refused field invalid for the browser too, and the
        // browser's own validation would then block the next submit.
        noValidate
        onSubmit={(e) => (e.preventDefault(), onSave(form))}
      >
        {isNew && (
          <EuiFlexGroup>
            <EuiFlexItem>
              <EuiFormRow
                label="Name"
                helpText="Letters, digits, “_”, “-”, “.” or “@”"
                isInvalid={nameProblem || Boolean(rowErrors('name'))}
                error={nameProblem ? 'Use letters, digits, “_”, “-”, “.” or “@” (at most 100)' : rowErrors('name')}
              >
                <EuiFieldText
                  value={form.name}
                  onChange={set('name')}
                  isInvalid={nameProblem}
                  data-test-subj="analysisName"
                />
              </EuiFormRow>
            </EuiFlexItem>
            <EuiFlexItem>
              <EuiFormRow label="Start from">
                <EuiSelect
                  data-test-subj="analysisTemplate"
                  hasNoInitialSelection
                  value={template}
                  options={Object.entries(TEMPLATES).map(([value, t]) => ({ value, text: t.label }))}
                  onChange={(e) => {
                    const t = TEMPLATES[e.target.value];
                    setTemplate(e.target.value);
                    if (t) setForm({ ...t.form, name: form.name });
                  }}
                />
              </EuiFormRow>
            </EuiFlexItem>
          </EuiFlexGroup>
        )}
        <EuiFlexGroup>
          <EuiFlexItem grow={2}>
            <EuiFormRow
              label="Index pattern"
              helpText="Commas between several, e.g. logs-dns-*"
              {...row('indexPattern')}
            >
              <EuiFieldText
                value={form.indexPattern}
                onChange={set('indexPattern')}
                isInvalid={Boolean(rowErrors('indexPattern'))}
                readOnly={!canSave}
                data-test-subj="analysisIndexPattern"
              />
            </EuiFormRow>
          </EuiFlexItem>
          <EuiFlexItem>
            <EuiFormRow label="From" helpText="ISO date or date math (now-24h)" {...row('timeRange.from')}>
              <EuiFieldText
                value={form.from}
                onChange={set('from')}
                isInvalid={Boolean(rowErrors('timeRange.from'))}
                readOnly={!canSave}
                data-test-subj="analysisFrom"
              />
            </EuiFormRow>
          </EuiFlexItem>
          <EuiFlexItem>
            <EuiFormRow label="To" {...row('timeRange.to')}>
              <EuiFieldText
                value={form.to}
                onChange={set('to')}
                isInvalid={Boolean(rowErrors('timeRange.to'))}
                readOnly={!canSave}
                data-test-subj="analysisTo"
              />
            </EuiFormRow>
          </EuiFlexItem>
        </EuiFlexGroup>
        <EuiFlexGroup>
          <EuiFlexItem grow={3}>
            <EuiFormRow label="Query (Lucene, optional)" {...row('query')}>
              <EuiFieldText
                value={form.query}
                onChange={set('query')}
                isInvalid={Boolean(rowErrors('query'))}
                readOnly={!canSave}
                data-test-subj="analysisQuery"
              />
            </EuiFormRow>
          </EuiFlexItem>
          <EuiFlexItem>
            <EuiFormRow label="Schedule" helpText="Every 30m, 6h, 1d…; empty: on demand only" {...row('schedule')}>
              <EuiFieldText
                value={form.interval}
                onChange={set('interval')}
                isInvalid={Boolean(rowErrors('schedule'))}
                readOnly={!canSave}
                placeholder="on demand"
                data-test-subj="analysisInterval"
              />
            </EuiFormRow>
          </EuiFlexItem>
        </EuiFlexGroup>
        <EuiFormRow
          fullWidth
          label="Features, flags, packs and engine (YAML or JSON)"
          helpText={
            <EuiText size="xs">
              anomal&apos;s shape (<code>type: field|metric</code>, <code>data_needed</code>, <code>multiplier</code>)
              or ours (<code>metric</code>, <code>field</code>, <code>weight</code>); see the README for the format.
            </EuiText>
          }
          isInvalid={yamlErrors.length > 0}
          error={yamlErrors}
        >
          <EuiTextArea
            fullWidth
            rows={16}
            value={form.text}
            onChange={set('text')}
            readOnly={!canSave}
            isInvalid={yamlErrors.length > 0}
            style={{ fontFamily: 'monospace' }}
            data-test-subj="analysisYaml"
          />
        </EuiFormRow>
        {serverErrors && serverErrors.length > 0 && (
          <>
            <EuiSpacer size="s" />
            <EuiCallOut
              title="The analysis was not saved"
              color="danger"
              iconType="error"
              role="alert"
              data-test-subj="analysisSaveErrors"
            >
              <ul>
                {serverErrors.map((e) => (
                  <li key={`${e.path}:${e.message}`}>
                    {e.path ? <code>{e.path}</code> : null}
                    {e.path ? ': ' : ''}
                    {e.message}
                  </li>
                ))}
              </ul>
            </EuiCallOut>
          </>
        )}
        <EuiSpacer size="m" />
        <EuiFlexGroup gutterSize="s" justifyContent="flexEnd">
          {onCancel && (
            <EuiFlexItem grow={false}>
              <EuiButtonEmpty onClick={onCancel}>Close</EuiButtonEmpty>
            </EuiFlexItem>
          )}
          {canSave && (
            <EuiFlexItem grow={false}>
              <EuiButton
                fill
                type="submit"
                isLoading={saving}
                isDisabled={(isNew && !NAME.test(form.name)) || saving}
                data-test-subj="analysisSave"
              >
                Save
              </EuiButton>
            </EuiFlexItem>
          )}
        </EuiFlexGroup>
      </EuiForm>
    </EuiPanel>
  );
}
