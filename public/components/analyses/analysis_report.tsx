import React, { useState } from 'react';
import {
  EuiBadge,
  EuiBasicTable,
  EuiButtonEmpty,
  EuiCallOut,
  EuiFlexGroup,
  EuiFlexItem,
  EuiLink,
  EuiPanel,
  EuiProgress,
  EuiSpacer,
  EuiText,
  EuiTitle,
  type Criteria,
  type EuiBasicTableColumn,
} from '@elastic/eui';
import type {
  AnalysisExplainedRecord,
  AnalysisFeatureValue,
  AnalysisReportBody,
  AnalysisReportResponse,
} from '../../../common/analysis_api';
import { featureValueText } from '../../../common/analysis_why';
import { useServices } from '../../hooks/use_services';
import { formatNumber, formatTime } from '../shared/format';
import { discoverPath, exportRows, splitRef, toCsv, toNdjson } from './analysis_model';

const SEVERITY_COLORS: Record<string, string> = {
  low: 'hollow',
  medium: 'warning',
  high: 'danger',
  critical: 'danger',
};

function KeyValues({ values, testSubj }: { values: Record<string, AnalysisFeatureValue>; testSubj?: string }) {
  return (
    <EuiText size="xs" data-test-subj={testSubj}>
      {Object.entries(values).map(([k, v]) => (
        <div key={k}>
          <span style={{ opacity: 0.7 }}>{k}</span> <code>{featureValueText(v)}</code>
        </div>
      ))}
    </EuiText>
  );
}

/**
 * The record's features, those that set it apart from the cluster its score is measured against first: each with the
 * cluster's usual value (its medoid's) and its share of the distance; then the features equal to the usual ones.
 * A report written before reasons existed shows the features as they are.
 */
function WhyFeatures({ record }: { record: AnalysisExplainedRecord }) {
  const { why } = record;
  if (!why) return <KeyValues values={record.features} />;
  const apart = new Set(why.features.map((f) => f.name));
  const rest = Object.fromEntries(Object.entries(record.features).filter(([k]) => !apart.has(k)));
  return (
    <EuiText size="xs" data-test-subj="analysisRecordWhy">
      <div style={{ opacity: 0.7 }} data-test-subj="analysisRecordWhyCluster">
        {`distance ${formatNumber(why.distance, 2)} to cluster ${why.cluster} ÷ its spread ${formatNumber(why.spread, 2)}`}
      </div>
      {why.features.map((f) => (
        <div key={f.name} data-test-subj="analysisRecordWhyFeature">
          <span style={{ opacity: 0.7 }}>{f.name}</span> <code>{featureValueText(f.value)}</code>
          {` usual `}
          <code>{featureValueText(f.usual)}</code>
          {` · ${formatNumber(f.share * 100, 0)} %`}
        </div>
      ))}
      {Object.entries(rest).map(([k, v]) => (
        <div key={k} style={{ opacity: 0.7 }}>
          {k} <code>{featureValueText(v)}</code>
        </div>
      ))}
    </EuiText>
  );
}

/** The raw document: Discover on it (ES|QL by `_id`), with `<index>/<_id>` written out. */
function DocumentLink({ record, timestampField }: { record: AnalysisExplainedRecord; timestampField: string }) {
  const { core } = useServices();
  const parts = splitRef(record.ref);
  const path = discoverPath(record.ref, record.fields[timestampField]);
  const href = path ? (core.http.basePath?.prepend(path) ?? path) : undefined;
  return (
    <EuiText size="xs">
      {href ? (
        <EuiLink href={href} target="_blank" data-test-subj="analysisDocLink">
          Open in Discover
        </EuiLink>
      ) : null}
      <div>
        <code data-test-subj="analysisDocRef">{parts ? `${parts.index} / ${parts.id}` : record.ref}</code>
      </div>
    </EuiText>
  );
}

function recordColumns(timestampField: string, withRank: boolean): Array<EuiBasicTableColumn<AnalysisExplainedRecord>> {
  return [
    ...(withRank
      ? [{ name: '#', width: '48px', render: (r: AnalysisExplainedRecord & { rank?: number }) => String(r.rank ?? '') }]
      : []),
    { field: 'score', name: 'Score', width: '80px', render: (s: number) => formatNumber(s, 2) },
    { field: 'cluster', name: 'Cluster', width: '70px', render: (c: number) => String(c) },
    {
      field: 'flags',
      name: 'Flags',
      width: '160px',
      render: (flags: string[]) =>
        flags.length ? (
          // A block of its own: the cell is one flex row that does not wrap, and a second badge ran over the values.
          <div>
            {flags.map((f) => (
              <EuiBadge key={f} color="warning">
                {f}
              </EuiBadge>
            ))}
          </div>
        ) : (
          '—'
        ),
    },
    {
      name: 'Values',
      render: (r: AnalysisExplainedRecord) => <KeyValues values={r.fields} testSubj="analysisRecordValues" />,
    },
    { name: 'Features, what sets it apart first', render: (r: AnalysisExplainedRecord) => <WhyFeatures record={r} /> },
    {
      name: 'Document',
      width: '200px',
      render: (r: AnalysisExplainedRecord) => <DocumentLink record={r} timestampField={timestampField} />,
    },
  ];
}

function download(filename: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function OutliersTable({ report, timestampField }: { report: AnalysisReportBody; timestampField: string }) {
  const [page, setPage] = useState({ index: 0, size: 10 });
  const ranked = report.topOutliers.map((r, i) => ({ ...r, rank: i + 1 }));
  return (
    <EuiBasicTable<AnalysisExplainedRecord & { rank: number }>
      tableCaption="Records ranked by outlier score, highest first"
      items={ranked.slice(page.index * page.size, (page.index + 1) * page.size)}
      columns={recordColumns(timestampField, true)}
      rowProps={(r) => ({ 'data-test-subj': `analysisOutlierRow-${r.rank}` })}
      pagination={{
        pageIndex: page.index,
        pageSize: page.size,
        totalItemCount: ranked.length,
        pageSizeOptions: [10, 25, 50],
      }}
      onChange={({ page: p }: Criteria<AnalysisExplainedRecord & { rank: number }>) =>
        p && setPage({ index: p.index, size: p.size })
      }
      data-test-subj="analysisOutliers"
    />
  );
}

/**
 * The latest completed run's report: the records ranked by outlier score, the flagged records, the clusters with
 * their medoids in the features' terms, how much each feature separated the clusters, and the report's records
 * exported as CSV or NDJSON (the report's bounded lists; every record's result is in the results index).
 */
export function AnalysisReport({ data, timestampField }: { data: AnalysisReportResponse; timestampField: string }) {
  const { report } = data;
  const rows = () => exportRows(report);
  const base = `${report.name}-${data.analysis.run_id}`;
  const clusterColumns: Array<EuiBasicTableColumn<AnalysisReportBody['clusters'][number]>> = [
    { field: 'id', name: 'Cluster', width: '70px', render: (id: number) => String(id) },
    { field: 'records', name: 'Records', width: '100px', render: (n: number) => formatNumber(n) },
    {
      field: 'sampleShare',
      name: 'Share of sample',
      width: '120px',
      render: (s: number) => `${formatNumber(s * 100, 1)} %`,
    },
    {
      field: 'major',
      name: 'Kind',
      width: '100px',
      render: (major: boolean) => (
        <EuiBadge color={major ? 'hollow' : 'warning'}>{major ? 'normal' : 'minor'}</EuiBadge>
      ),
    },
    { field: 'spread', name: 'Spread', width: '80px', render: (s: number) => formatNumber(s, 3) },
    { name: 'Medoid', render: (c: AnalysisReportBody['clusters'][number]) => <KeyValues values={c.medoid} /> },
  ];
  const featureColumns: Array<EuiBasicTableColumn<AnalysisReportBody['features'][number]>> = [
    { field: 'name', name: 'Feature', render: (n: string) => <code>{n}</code> },
    { field: 'type', name: 'Type', width: '110px' },
    { field: 'weight', name: 'Weight', width: '80px', render: (w: number) => String(w) },
    {
      field: 'separationShare',
      name: 'Contribution to the separation',
      render: (s: number, f: AnalysisReportBody['features'][number]) => (
        <EuiFlexGroup alignItems="center" gutterSize="s" responsive={false}>
          <EuiFlexItem>
            <EuiProgress
              value={Math.round(s * 1000)}
              max={1000}
              size="s"
              color="primary"
              aria-label={`${f.name} contribution`}
            />
          </EuiFlexItem>
          <EuiFlexItem grow={false} style={{ minWidth: 56 }}>
            {`${formatNumber(s * 100, 1)} %`}
          </EuiFlexItem>
        </EuiFlexGroup>
      ),
    },
  ];

  return (
    <EuiPanel hasBorder data-test-subj="analysisReport">
      <EuiFlexGroup alignItems="center" responsive={false}>
        <EuiFlexItem>
          <EuiTitle size="s">
            <h2>Report</h2>
          </EuiTitle>
          <EuiText size="s" color="subdued" data-test-subj="analysisReportSummary">
            <p>
              {`${formatNumber(report.records.judged)} records judged (${formatNumber(report.records.excluded)} excluded) in ${report.clusters.length} clusters, run ${data.analysis.run_id} at ${formatTime(data['@timestamp'])}.`}
            </p>
          </EuiText>
        </EuiFlexItem>
        <EuiFlexItem grow={false}>
          <EuiButtonEmpty
            iconType="download"
            onClick={() => download(`${base}.csv`, 'text/csv', toCsv(rows()))}
            data-test-subj="analysisExportCsv"
          >
            Export CSV
          </EuiButtonEmpty>
        </EuiFlexItem>
        <EuiFlexItem grow={false}>
          <EuiButtonEmpty
            iconType="download"
            onClick={() => download(`${base}.ndjson`, 'application/x-ndjson', toNdjson(rows()))}
            data-test-subj="analysisExportNdjson"
          >
            Export NDJSON
          </EuiButtonEmpty>
        </EuiFlexItem>
      </EuiFlexGroup>
      {report.notes.length > 0 && (
        <>
          <EuiSpacer size="s" />
          <EuiCallOut title="Notes" size="s" iconType="iInCircle">
            {report.notes.map((n) => (
              <p key={n}>{n}</p>
            ))}
          </EuiCallOut>
        </>
      )}
      <EuiSpacer size="m" />
      <EuiTitle size="xs">
        <h3>Outliers, most anomalous first</h3>
      </EuiTitle>
      <OutliersTable report={report} timestampField={timestampField} />
      <EuiSpacer size="l" />
      <EuiTitle size="xs">
        <h3>Flagged records</h3>
      </EuiTitle>
      <EuiSpacer size="s" />
      {report.flags.length === 0 && <EuiText size="s">No flags in this analysis.</EuiText>}
      {report.flags.map((flag) => (
        <div key={flag.name} data-test-subj={`analysisFlag-${flag.name}`}>
          <EuiFlexGroup alignItems="center" gutterSize="s" responsive={false}>
            <EuiFlexItem grow={false}>
              <strong>{flag.name}</strong>
            </EuiFlexItem>
            <EuiFlexItem grow={false}>
              <EuiBadge color={SEVERITY_COLORS[flag.severity] ?? 'hollow'}>{flag.severity}</EuiBadge>
            </EuiFlexItem>
            <EuiFlexItem grow={false}>
              <EuiText size="s" data-test-subj="analysisFlagCount">{`${formatNumber(flag.records)} records`}</EuiText>
            </EuiFlexItem>
          </EuiFlexGroup>
          <EuiText size="s" color="subdued">
            <p>{flag.description}</p>
            {flag.findings.length > 0 && (
              <p data-test-subj="analysisFlagFindings">
                {flag.findings.slice(0, 10).map((f) => (
                  <span key={f.key}>
                    <code>{f.key}</code>{' '}
                    {Object.entries(f.values)
                      .map(([k, v]) => `${k} ${typeof v === 'number' ? formatNumber(v, 3) : v}`)
                      .join(', ')}
                    <br />
                  </span>
                ))}
              </p>
            )}
          </EuiText>
          {flag.examples.length > 0 && (
            <EuiBasicTable
              tableCaption={`Records that raised ${flag.name}`}
              items={flag.examples}
              columns={recordColumns(timestampField, false)}
            />
          )}
          <EuiSpacer size="m" />
        </div>
      ))}
      <EuiSpacer size="l" />
      <EuiTitle size="xs">
        <h3>Clusters</h3>
      </EuiTitle>
      <EuiBasicTable
        tableCaption="Clusters: size, share of the fitted sample and medoid"
        items={report.clusters}
        columns={clusterColumns}
        data-test-subj="analysisClusters"
      />
      <EuiSpacer size="l" />
      <EuiTitle size="xs">
        <h3>Each feature&apos;s contribution to the separation</h3>
      </EuiTitle>
      <EuiText size="xs" color="subdued">
        <p>A feature near 0 % did not tell the clusters apart: it can be dropped or weighted down.</p>
      </EuiText>
      <EuiBasicTable
        tableCaption="Features by their share of the distance between clusters"
        items={[...report.features].sort((a, b) => b.separationShare - a.separationShare)}
        columns={featureColumns}
        data-test-subj="analysisFeatures"
      />
    </EuiPanel>
  );
}
