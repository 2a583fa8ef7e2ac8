import React, { useState } from 'react';
import {
  EuiButton,
  EuiButtonEmpty,
  EuiFormRow,
  EuiModal,
  EuiModalBody,
  EuiModalFooter,
  EuiModalHeader,
  EuiModalHeaderTitle,
  EuiSelect,
  EuiTextArea,
} from '@elastic/eui';
import { ALERT_STATUSES, type AlertStatus } from '../../../common/constants';
import { useServices } from '../../hooks/use_services';
import { describeHttpError } from '../../services/http_errors';
import { STATUS_LABELS } from '../shared/labels';

/** Sets status (and optionally a note) on every selected alert in one triage request. */
export function BulkTriage({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const { api, core } = useServices();
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<AlertStatus>('acknowledged');
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const apply = async () => {
    setSaving(true);
    try {
      const result = await api.triage({ ids, status, ...(note.trim() ? { note: note.trim() } : {}) });
      const problems = result.not_found.length + result.failed.length;
      if (problems > 0) {
        core.notifications.toasts.addWarning({
          title: `${result.updated.length} alerts updated, ${problems} not`,
          text:
            result.failed.map((f) => `${f.id}: ${f.reason}`).join('\n') || `${result.not_found.length} no longer exist`,
        });
      } else {
        core.notifications.toasts.addSuccess(`${result.updated.length} alerts set to “${STATUS_LABELS[status]}”`);
      }
      setOpen(false);
      onDone();
    } catch (error) {
      core.notifications.toasts.addDanger({ title: 'Triage failed', text: describeHttpError(error) });
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      <EuiButton
        size="s"
        iconType="checkInCircleFilled"
        isDisabled={ids.length === 0}
        onClick={() => setOpen(true)}
        data-test-subj="alertsBulkTriageButton"
      >
        Triage {ids.length} selected
      </EuiButton>
      {open && (
        <EuiModal
          onClose={() => setOpen(false)}
          aria-labelledby="bulkTriageTitle"
          data-test-subj="alertsBulkTriageModal"
        >
          <EuiModalHeader>
            <EuiModalHeaderTitle id="bulkTriageTitle">Triage {ids.length} alerts</EuiModalHeaderTitle>
          </EuiModalHeader>
          <EuiModalBody>
            <EuiFormRow label="New status">
              <EuiSelect
                value={status}
                options={ALERT_STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s] }))}
                onChange={(e) => setStatus(e.target.value as AlertStatus)}
                data-test-subj="alertsBulkTriageStatus"
              />
            </EuiFormRow>
            <EuiFormRow label="Note (replaces each alert's note; leave empty to keep them)">
              <EuiTextArea value={note} onChange={(e) => setNote(e.target.value)} rows={3} />
            </EuiFormRow>
          </EuiModalBody>
          <EuiModalFooter>
            <EuiButtonEmpty onClick={() => setOpen(false)}>Cancel</EuiButtonEmpty>
            <EuiButton fill isLoading={saving} onClick={apply} data-test-subj="alertsBulkTriageApply">
              Apply to {ids.length} alerts
            </EuiButton>
          </EuiModalFooter>
        </EuiModal>
      )}
    </>
  );
}
