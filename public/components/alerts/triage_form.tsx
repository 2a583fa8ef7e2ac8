import React, { useState } from 'react';
import {
  EuiButton,
  EuiCallOut,
  EuiFieldText,
  EuiFlexGroup,
  EuiFlexItem,
  EuiFormRow,
  EuiSelect,
  EuiTextArea,
} from '@elastic/eui';
import { API_LIMITS, type AlertItem, type MarkSafeResponse } from '../../../common/api';
import { ALERT_STATUSES, type AlertStatus } from '../../../common/constants';
import { useServices } from '../../hooks/use_services';
import { describeHttpError } from '../../services/http_errors';
import { buffalogsOf, storedText, storedTexts } from '../../families/family_view';
import { STATUS_LABELS } from '../shared/labels';
import { triageOf } from './alert_fields';

const parseTags = (text: string) =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

/**
 * Status, tags and note of one alert, and "mark safe": the latter also teaches the user's baseline (the alert's
 * country, device and IP become known), so the same login no longer alerts.
 */
export function TriageForm({ alert, onSaved }: { alert: AlertItem; onSaved: () => void }) {
  const { api, core } = useServices();
  // The stored fields as the list reads them: a status of no known value selects none (saving then keeps it), tags
  // or a note of another type start empty (a string's join threw: a blank flyout).
  const stored = buffalogsOf(alert);
  const [status, setStatus] = useState<AlertStatus | undefined>(() =>
    ALERT_STATUSES.find((s) => s === triageOf(alert).status),
  );
  const [tags, setTags] = useState(() => storedTexts(stored.tags).join(', '));
  const [note, setNote] = useState(() => storedText(stored.note) ?? '');
  const [busy, setBusy] = useState<'save' | 'safe' | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [learned, setLearned] = useState<MarkSafeResponse | undefined>();

  const tagList = parseTags(tags);
  const tagsError =
    tagList.length > API_LIMITS.maxTags
      ? `At most ${API_LIMITS.maxTags} tags`
      : tagList.find((t) => t.length > API_LIMITS.maxTagLength)
        ? `Each tag at most ${API_LIMITS.maxTagLength} characters`
        : undefined;

  const run = async (kind: 'save' | 'safe') => {
    setBusy(kind);
    setError(undefined);
    try {
      if (kind === 'save') {
        await api.triage({ ids: [alert.id], ...(status ? { status } : {}), tags: tagList, note });
        core.notifications.toasts.addSuccess(status ? `Alert set to “${STATUS_LABELS[status]}”` : 'Alert triage saved');
      } else {
        const result = await api.markSafe(alert.id, note.trim() ? { note } : {});
        setStatus(result.status);
        setLearned(result);
        core.notifications.toasts.addSuccess(`Marked safe: ${result.user}'s baseline now knows this login`);
      }
      onSaved();
    } catch (e) {
      setError(describeHttpError(e));
    } finally {
      setBusy(undefined);
    }
  };

  const learnedText = learned
    ? Object.entries(learned.learned)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'nothing new (already known)'
    : undefined;

  return (
    <>
      {error && (
        <EuiCallOut
          title="Triage failed"
          color="danger"
          iconType="error"
          role="alert"
          data-test-subj="buffalogsPageError"
        >
          <p>{error}</p>
        </EuiCallOut>
      )}
      {learnedText && (
        <EuiCallOut title="Marked safe" color="success" iconType="check" data-test-subj="alertMarkSafeResult">
          <p>
            Now known for {learned!.user}: {learnedText}.
          </p>
        </EuiCallOut>
      )}
      <EuiFormRow label="Status">
        <EuiSelect
          value={status ?? ''}
          hasNoInitialSelection={status === undefined}
          options={ALERT_STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s] }))}
          onChange={(e) => setStatus(e.target.value as AlertStatus)}
          data-test-subj="alertTriageStatusSelect"
        />
      </EuiFormRow>
      <EuiFormRow label="Tags" helpText="Comma-separated" isInvalid={!!tagsError} error={tagsError}>
        <EuiFieldText
          value={tags}
          onChange={(e) => setTags(e.target.value)}
          isInvalid={!!tagsError}
          data-test-subj="alertTriageTags"
        />
      </EuiFormRow>
      <EuiFormRow label="Note">
        <EuiTextArea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={API_LIMITS.maxNoteLength}
          rows={3}
          data-test-subj="alertTriageNote"
        />
      </EuiFormRow>
      <EuiFlexGroup gutterSize="s">
        <EuiFlexItem grow={false}>
          <EuiButton
            fill
            isLoading={busy === 'save'}
            isDisabled={!!busy || !!tagsError}
            onClick={() => run('save')}
            data-test-subj="alertTriageSaveButton"
          >
            Save triage
          </EuiButton>
        </EuiFlexItem>
        <EuiFlexItem grow={false}>
          <EuiButton
            color="success"
            iconType="check"
            isLoading={busy === 'safe'}
            isDisabled={!!busy}
            onClick={() => run('safe')}
            data-test-subj="alertMarkSafeButton"
          >
            Mark safe (teach baseline)
          </EuiButton>
        </EuiFlexItem>
      </EuiFlexGroup>
    </>
  );
}
