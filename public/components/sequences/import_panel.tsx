import React, { useState } from 'react';
import { EuiButton, EuiButtonEmpty, EuiCallOut, EuiFormRow, EuiPanel, EuiTextArea, EuiTitle } from '@elastic/eui';
import type { SequenceRulesImportResponse } from '../../../common/api';
import { useServices } from '../../hooks/use_services';
import { describeHttpError } from '../../services/http_errors';

const EXAMPLE = `["Password Change After OTP Login", "otp login", "followed by", "any", ["password change"], "after", "2d", "user", ["password change"], "before", "1h", "14d", "30d"]`;

/** Imports porlock's list format (one rule or a list of them) or the project's JSON, and says what converting changed. */
export function ImportPanel({
  version,
  onImported,
  onClose,
}: {
  version: number;
  onImported: (r: SequenceRulesImportResponse) => void;
  onClose: () => void;
}) {
  const { api } = useServices();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      setProblem(`Not valid JSON: ${(error as Error).message}`);
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      onImported(await api.importSequenceRules({ document, expected_version: version }));
    } catch (error) {
      setProblem(describeHttpError(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <EuiPanel hasBorder data-test-subj="sequenceImportPanel">
      <EuiTitle size="xs">
        <h2>Import rules</h2>
      </EuiTitle>
      <EuiFormRow
        label="porlock's list format, or rules in this plugin's JSON format"
        helpText={`e.g. ${EXAMPLE}`}
        isInvalid={!!problem}
        error={problem}
        fullWidth
      >
        <EuiTextArea
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={5}
          fullWidth
          isInvalid={!!problem}
          style={{ fontFamily: 'monospace' }}
          data-test-subj="sequenceImportText"
        />
      </EuiFormRow>
      <EuiButton onClick={() => void submit()} isLoading={busy} fill data-test-subj="sequenceImportButton">
        Import
      </EuiButton>
      <EuiButtonEmpty onClick={onClose}>Close</EuiButtonEmpty>
    </EuiPanel>
  );
}

/** What an import did, and what converting from porlock's format changed or assumed. */
export function ImportNotes({ result }: { result: SequenceRulesImportResponse }) {
  return (
    <EuiCallOut
      title={`Imported ${result.imported.join(', ')} (version ${result.version})`}
      color="success"
      iconType="check"
      size="s"
      data-test-subj="sequenceImportResult"
    >
      {result.notes.length > 0 && (
        <ul>
          {result.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </EuiCallOut>
  );
}
