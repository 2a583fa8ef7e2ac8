/**
 * The anomaly explorer's flags (server/analysis_run/results.ts `flagAlert`): a flag of high or critical severity raised
 * on one record of an analysis. The flyout says which analysis and flag, the record's score and what sets it apart
 * from the cluster its score is measured against, and the record's values, with a link to the analysis's report.
 */
import React from 'react';
import { EuiLink } from '@elastic/eui';
import { formatNumber } from '../../components/shared/format';
import { useNavigate } from '../../hooks/use_navigate';
import { paths } from '../../router/routes';
import {
  evidenceOf,
  ruleName,
  storedNumber,
  storedObject,
  storedObjects,
  storedText,
  storedTexts,
  textOrDash,
  type AnyAlert,
  type FamilyView,
} from '../family_view';
import { EvidenceList, UnknownEvidence, valueText, type EvidenceItems } from '../shared/evidence_list';

function AnalysisLink({ name }: { name: string }) {
  const { linkProps } = useNavigate();
  return (
    <EuiLink {...linkProps(paths.analyses(name))} data-test-subj="analysisAlertLink">
      {name}
    </EuiLink>
  );
}

/**
 * The score's reason, one line per feature that differs from the cluster's usual value: "distance 0.61 to cluster 1
 * ÷ its spread 0.12", then "hostname_entropy 4.2, usual 2.5: 62 %". Read field by field: an older alert has none.
 */
function whyItems(value: unknown): EvidenceItems {
  const why = storedObject(value);
  const distance = storedNumber(why.distance);
  const spread = storedNumber(why.spread);
  const cluster = storedNumber(why.cluster);
  if (distance === undefined || spread === undefined || cluster === undefined) return [];
  const features = storedObjects(why.features);
  return [
    {
      title: 'What sets it apart',
      description: (
        <div data-test-subj="analysisAlertWhy">
          <div>{`distance ${formatNumber(distance, 2)} to cluster ${cluster} ÷ its spread ${formatNumber(spread, 2)}`}</div>
          {features.map((f, i) => (
            <div key={i} data-test-subj="analysisAlertWhyFeature">
              {`${textOrDash(f.name)} ${valueText(f.value)}, usual ${valueText(f.usual)}: ${formatNumber(
                (storedNumber(f.share) ?? 0) * 100,
                0,
              )} %`}
            </div>
          ))}
        </div>
      ),
    },
  ];
}

function AnalysisEvidence({ alert }: { alert: AnyAlert }) {
  const e = evidenceOf(alert, 'analysis_flag');
  if (!e) {
    return <UnknownEvidence alert={alert} />;
  }
  const flag = storedObject(e.flag);
  const analysis = storedText(e.analysis);
  const score = storedNumber(e.score);
  const others = storedTexts(e.flags).filter((f) => f !== flag.name);
  const values = Object.entries(storedObject(e.values));
  return (
    <EvidenceList
      message={alert.message}
      summary={`${textOrDash(flag.name)} (${textOrDash(flag.severity)}): ${textOrDash(flag.description)}`}
      items={[
        {
          title: 'Analysis',
          description: analysis ? (
            <span>
              <AnalysisLink name={analysis} />
              {` (run ${textOrDash(e.run_id)})`}
            </span>
          ) : (
            '—'
          ),
        },
        {
          title: 'Anomaly score',
          description:
            score === undefined
              ? '—'
              : `${formatNumber(score, 2)} in cluster ${valueText(e.cluster)} (about 1 is the edge of a normal cluster)`,
        },
        ...whyItems(e.why),
        ...(others.length ? [{ title: 'Also flagged', description: others.join(', ') }] : []),
        ...values.map(([field, v]) => ({ title: field, description: valueText(v) })),
      ]}
    />
  );
}

export const analysisView: FamilyView = {
  id: 'analysis',
  name: 'Anomaly explorer flags',
  ruleLabel: ruleName,
  rowBadges(alert) {
    const e = evidenceOf(alert, 'analysis_flag');
    const score = storedNumber(e?.score);
    const analysis = storedText(e?.analysis);
    return [
      ...(analysis ? [{ label: analysis, color: 'hollow', title: `Analysis ${analysis}` }] : []),
      ...(score !== undefined
        ? [
            {
              label: `score ${formatNumber(score, 1)}`,
              color: 'hollow',
              title: 'Anomaly score (1 ≈ the edge of normal)',
            },
          ]
        : []),
    ];
  },
  Evidence: AnalysisEvidence,
};
