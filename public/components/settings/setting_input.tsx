import React from 'react';
import { EuiFieldNumber, EuiFormRow, EuiSelect, EuiSwitch, EuiTextArea } from '@elastic/eui';
import { RISK_LABELS } from '../shared/labels';
import { LEVEL_OPTIONS, type SettingField } from './settings_fields';

/** One setting as a labelled form row, with its inline error. */
export function SettingInput({
  field,
  value,
  error,
  onChange,
}: {
  field: SettingField;
  value: string | boolean;
  error?: string;
  onChange: (value: string | boolean) => void;
}) {
  const subj = `settingsField-${field.path}`;
  const invalid = !!error;
  let input: React.ReactElement;
  switch (field.kind) {
    case 'bool':
      input = (
        <EuiSwitch
          label={field.label}
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
          data-test-subj={subj}
        />
      );
      break;
    case 'level':
      input = (
        <EuiSelect
          value={String(value)}
          options={LEVEL_OPTIONS.map((l) => ({ value: l, text: RISK_LABELS[l] }))}
          onChange={(e) => onChange(e.target.value)}
          data-test-subj={subj}
        />
      );
      break;
    case 'number':
      input = (
        <EuiFieldNumber
          value={String(value)}
          onChange={(e) => onChange(e.target.value)}
          isInvalid={invalid}
          data-test-subj={subj}
        />
      );
      break;
    default:
      input = (
        <EuiTextArea
          value={String(value)}
          onChange={(e) => onChange(e.target.value)}
          rows={3}
          isInvalid={invalid}
          data-test-subj={subj}
        />
      );
  }
  return (
    <EuiFormRow
      label={field.kind === 'bool' ? undefined : field.label}
      hasChildLabel={field.kind !== 'bool'}
      helpText={field.help}
      isInvalid={invalid}
      error={error}
      fullWidth
    >
      {input}
    </EuiFormRow>
  );
}
