/**
 * What the demo says of its anomaly explorer analysis, checked on the sample it loads: the logins pack, which knows
 * nothing of the login detectors, ranks most of the planted account takeovers among its ten top outliers.
 */
import { Analyzer, validateAnalysis } from '../../server/analyses';
import { generateLogins, type GeneratedSample } from './generate_logins';
import { DEMO_ANALYSIS, takeoversAmongTop } from './demo_analysis';

const NOW = Date.parse('2026-12-04T12:00:00Z');

/** The analysis run as its task runs it: every record observed, the model fitted, then every record judged. */
function topOutliers(sample: GeneratedSample) {
  const valid = validateAnalysis(DEMO_ANALYSIS, { requireSource: true });
  if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
  const analyzer = new Analyzer(valid.analysis);
  // As documents come back from Elasticsearch: parsed JSON, never the generator's objects.
  const documents = sample.events.map((e) => JSON.parse(JSON.stringify(e)) as Record<string, unknown>);
  for (const d of documents) analyzer.observe(d);
  analyzer.fit();
  documents.forEach((d, i) => analyzer.judge(d, `#${i}`));
  return analyzer.report().topOutliers.slice(0, 10);
}

test('the demo analysis is a valid saved analysis on the demo index', () => {
  expect(validateAnalysis(DEMO_ANALYSIS, { requireSource: true })).toMatchObject({ ok: true });
});

test.each([1, 2, 3, 4, 5])('seed %i: at least half of the planted takeovers are among the ten top outliers', (seed) => {
  const sample = generateLogins({ users: 40, days: 21, seed, now: NOW });
  const top = topOutliers(sample);
  const takeovers = sample.scenarios.filter((s) => s.takeover);
  const ranked = takeoversAmongTop(sample.scenarios, top);
  expect(takeovers.length).toBeGreaterThanOrEqual(4);
  expect(ranked.length).toBeGreaterThanOrEqual(takeovers.length / 2);
});
