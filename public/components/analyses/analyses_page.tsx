import React, { useMemo, useState } from 'react';
import {
  EuiBadge,
  EuiBasicTable,
  EuiButton,
  EuiButtonEmpty,
  EuiCallOut,
  EuiFlexGroup,
  EuiFlexItem,
  EuiLink,
  EuiLoadingSpinner,
  EuiPageTemplate,
  EuiSpacer,
  EuiText,
  type EuiBasicTableColumn,
} from '@elastic/eui';
import type { AnalysisFieldError, SavedAnalysisItem } from '../../../common/analysis_api';
import { useCanSave } from '../../hooks/use_can_save';
import { useFetch } from '../../hooks/use_fetch';
import { useNavigate } from '../../hooks/use_navigate';
import { usePageChrome } from '../../hooks/use_page_chrome';
import { useServices } from '../../hooks/use_services';
import { paths } from '../../router/routes';
import { describeHttpError, httpStatus } from '../../services/http_errors';
import { formatTime } from '../shared/format';
import { PageError } from '../shared/page_error';
import { analysesApi, type AnalysesApi } from './analyses_api';
import { AnalysisEditor } from './analysis_editor';
import { definitionOf, fieldErrorsOf, formOf, TEMPLATES, type AnalysisForm } from './analysis_model';
import { AnalysisReport } from './analysis_report';
import { AnalysisRunPanel, useAnalysisStatus } from './analysis_run_panel';

type Obj = Record<string, unknown>;
const defOf = (item: SavedAnalysisItem): Obj =>
  typeof item.definition === 'object' && item.definition !== null ? (item.definition as Obj) : {};
const summary = (item: SavedAnalysisItem): string => {
  const d = defOf(item);
  const range = (d.timeRange ?? {}) as Obj;
  return `${String(d.indexPattern ?? '—')} · ${String(range.from ?? '?')} → ${String(range.to ?? '?')}`;
};
const scheduleOf = (item: SavedAnalysisItem): string | undefined => {
  const s = defOf(item).schedule;
  if (typeof s === 'string') return s;
  if (s && typeof s === 'object' && typeof (s as Obj).interval === 'string') return (s as Obj).interval as string;
  return undefined;
};

/** Saving: the definition joined from form and YAML, the 400's field errors kept for the editor. */
function useSave(api: AnalysesApi, onSaved: (name: string) => void) {
  const { core } = useServices();
  const [saving, setSaving] = useState(false);
  const [serverErrors, setServerErrors] = useState<AnalysisFieldError[]>();
  const [localError, setLocalError] = useState<string>();
  const save = async (form: AnalysisForm) => {
    setServerErrors(undefined);
    const joined = definitionOf(form);
    if (!joined.ok) return setLocalError(joined.error);
    setLocalError(undefined);
    setSaving(true);
    try {
      const saved = await api.save(form.name, joined.definition);
      core.notifications.toasts.addSuccess(
        `Analysis "${form.name}" saved${saved.notes?.length ? ` (${saved.notes.join('; ')})` : ''}`,
      );
      onSaved(form.name);
    } catch (error) {
      const errors = httpStatus(error) === 400 ? fieldErrorsOf(error) : undefined;
      setServerErrors(errors?.length ? errors : [{ path: '', message: describeHttpError(error) }]);
    } finally {
      setSaving(false);
    }
  };
  return { save, saving, serverErrors, localError };
}

/** One analysis: its definition (editable with “All”), Run with live progress and Cancel, the latest report. */
function AnalysisDetail({ api, item, onSaved }: { api: AnalysesApi; item: SavedAnalysisItem; onSaved: () => void }) {
  const canSave = useCanSave();
  const { core } = useServices();
  const [editing, setEditing] = useState(Boolean(item.errors?.length));
  const [editorKey, setEditorKey] = useState(0);
  const { save, saving, serverErrors, localError } = useSave(api, () => {
    setEditing(false);
    setEditorKey((k) => k + 1);
    onSaved();
  });
  const tracker = useAnalysisStatus(api, item.name);
  const status = tracker.status;
  const doneRunId = status && status.state !== 'never_run' && status.state !== 'running' ? status.analysis.run_id : '';
  const { state: report } = useFetch(
    (signal) =>
      api.report(item.name, signal).catch((e: unknown) => {
        if (httpStatus(e) === 404) return undefined;
        throw e;
      }),
    [api, item.name, doneRunId],
  );
  const timestampField = typeof defOf(item).timestamp === 'string' ? (defOf(item).timestamp as string) : '@timestamp';

  return (
    <>
      {item.errors?.length ? (
        <>
          <EuiCallOut
            title="This saved analysis does not run with this version of the plugin"
            color="warning"
            iconType="warning"
            data-test-subj="analysisStoredErrors"
          >
            {item.errors.map((e) => (
              <p key={`${e.path}:${e.message}`}>
                <code>{e.path}</code>: {e.message}
              </p>
            ))}
          </EuiCallOut>
          <EuiSpacer size="m" />
        </>
      ) : null}
      <AnalysisRunPanel
        api={api}
        name={item.name}
        canSave={canSave}
        runnable={!item.errors?.length}
        tracker={tracker}
        onProblem={(m) => core.notifications.toasts.addDanger(m)}
      />
      <EuiSpacer size="m" />
      {editing ? (
        <AnalysisEditor
          key={editorKey}
          initial={formOf(item.name, item.definition)}
          isNew={false}
          canSave={canSave}
          saving={saving}
          serverErrors={serverErrors}
          localError={localError}
          onSave={(form) => void save(form)}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <EuiButtonEmpty iconType="pencil" onClick={() => setEditing(true)} data-test-subj="analysisEditButton">
          {canSave ? 'Edit the definition' : 'View the definition'}
        </EuiButtonEmpty>
      )}
      <EuiSpacer size="m" />
      {report.status === 'error' && <PageError title="Could not load the report" message={report.error} />}
      {report.status === 'loading' && !report.data && <EuiLoadingSpinner size="l" aria-label="Loading the report" />}
      {report.data && <AnalysisReport data={report.data} timestampField={timestampField} />}
      {report.status === 'ok' && !report.data && (
        <EuiText size="s" color="subdued" data-test-subj="analysisNoReport">
          <p>No completed run yet: run it to see its report.</p>
        </EuiText>
      )}
    </>
  );
}

/**
 * The anomaly explorer (issue 18): the space's saved analyses, a new one from a template (DNS, logins, anomal's own
 * YAML), and one analysis's page at /analyses/<name> with its run and report.
 */
export function AnalysesPage({ name }: { name?: string }) {
  usePageChrome(name ? [{ text: 'Analyses', path: paths.analyses() }, { text: name }] : [{ text: 'Analyses' }]);
  const { core } = useServices();
  const api = useMemo(() => analysesApi(core.http), [core.http]);
  const canSave = useCanSave();
  const { navigate, linkProps } = useNavigate();
  const { state, reload } = useFetch((signal) => api.list(signal), [api]);
  const [creating, setCreating] = useState(false);
  const created = useSave(api, (saved) => {
    setCreating(false);
    reload();
    navigate(paths.analyses(saved));
  });

  const columns: Array<EuiBasicTableColumn<SavedAnalysisItem>> = [
    {
      field: 'name',
      name: 'Analysis',
      render: (n: string) => (
        <EuiLink {...linkProps(paths.analyses(n))} data-test-subj={`analysisLink-${n}`}>
          {n}
        </EuiLink>
      ),
    },
    { name: 'Source', render: (item: SavedAnalysisItem) => <EuiText size="xs">{summary(item)}</EuiText> },
    {
      name: 'Schedule',
      width: '120px',
      render: (item: SavedAnalysisItem) => (scheduleOf(item) ? `every ${scheduleOf(item)}` : 'on demand'),
    },
    {
      name: 'State',
      width: '120px',
      render: (item: SavedAnalysisItem) =>
        item.errors?.length ? <EuiBadge color="warning">{`${item.errors.length} problems`}</EuiBadge> : 'valid',
    },
    {
      name: 'Changed',
      width: '200px',
      render: (item: SavedAnalysisItem) => `${formatTime(item.updated_at)} by ${item.updated_by}`,
    },
    ...(canSave
      ? [
          {
            name: 'Actions',
            width: '90px',
            render: (item: SavedAnalysisItem) => (
              <EuiButtonEmpty
                size="s"
                color="danger"
                aria-label={`Delete ${item.name}`}
                onClick={() =>
                  void api.remove(item.name).then(
                    () => reload(),
                    (e: unknown) => core.notifications.toasts.addDanger(describeHttpError(e)),
                  )
                }
              >
                Delete
              </EuiButtonEmpty>
            ),
          },
        ]
      : []),
  ];

  const items = state.data?.items;
  const item = name ? items?.find((i) => i.name === name) : undefined;
  return (
    <EuiPageTemplate.Section data-test-subj="analysesPage">
      {state.status === 'error' && (
        <PageError title="Could not load the analyses" message={state.error} onRetry={reload} />
      )}
      {state.status === 'loading' && !items && <EuiLoadingSpinner size="xl" aria-label="Loading the analyses" />}
      {name && items && (
        <>
          <EuiButtonEmpty iconType="arrowLeft" flush="left" {...linkProps(paths.analyses())}>
            All analyses
          </EuiButtonEmpty>
          <EuiSpacer size="s" />
          {item ? (
            <AnalysisDetail key={item.name} api={api} item={item} onSaved={reload} />
          ) : (
            <EuiCallOut title={`No saved analysis is named "${name}"`} color="warning" iconType="warning" />
          )}
        </>
      )}
      {!name && items && (
        <>
          <EuiFlexGroup alignItems="center">
            <EuiFlexItem>
              <EuiText size="s" color="subdued">
                <p>
                  Your own features and flags over any index: records clustered, scored and explained.
                  {canSave
                    ? ''
                    : ' You can read analyses and their reports; changing or running them needs the “All” privilege.'}
                </p>
              </EuiText>
            </EuiFlexItem>
            {canSave && (
              <EuiFlexItem grow={false}>
                <EuiButton iconType="plusInCircle" onClick={() => setCreating(true)} data-test-subj="analysisNew">
                  New analysis
                </EuiButton>
              </EuiFlexItem>
            )}
          </EuiFlexGroup>
          <EuiSpacer size="m" />
          {creating && (
            <>
              <AnalysisEditor
                initial={{ ...TEMPLATES.dns.form, name: '' }}
                isNew
                canSave={canSave}
                saving={created.saving}
                serverErrors={created.serverErrors}
                localError={created.localError}
                onSave={(form) => void created.save(form)}
                onCancel={() => setCreating(false)}
              />
              <EuiSpacer size="m" />
            </>
          )}
          <EuiBasicTable
            tableCaption="Saved analyses of this space"
            items={items}
            itemId="name"
            columns={columns}
            noItemsMessage="No analysis saved yet."
            rowProps={(i) => ({ 'data-test-subj': `analysisRow-${i.name}` })}
            data-test-subj="analysesTable"
          />
        </>
      )}
    </EuiPageTemplate.Section>
  );
}
