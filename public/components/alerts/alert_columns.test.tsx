import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { API_PATHS, type AlertItem } from '../../../common/api';
import * as f from '../../test_support/fixtures';
import * as ff from '../../test_support/family_fixtures';
import { malformedAlerts } from '../../test_support/malformed_alerts';
import { mountApp, silenceLegacyRootWarnings } from '../../test_support/mount_app';

// Mounting the whole app on a shared 2-core machine can take seconds per test.
jest.setTimeout(30_000);

let consoleError: jest.SpyInstance;
beforeEach(() => (consoleError = silenceLegacyRootWarnings()));
afterEach(() => {
  consoleError.mockRestore();
  document.body.innerHTML = '';
});

const listOf = (items: AlertItem[]) => ({
  [`GET ${API_PATHS.alerts}`]: () => ({ items, total: items.length, total_relation: 'eq', page: 1, size: 25 }),
});

/** Each row's cells as text, by column name (the selection checkbox's cell left out). */
async function tableCells() {
  const rows = await screen.findAllByTestId('alertsTableRow');
  const names = ['time', 'user', 'detector', 'severity', 'score', 'country', 'status', 'message'] as const;
  return rows.map((row) => {
    // EUI ends each cell with a hidden separator for screen readers.
    const texts = [...row.querySelectorAll('td')].slice(1).map((td) => (td.textContent ?? '').replace(/[↦↵]$/, ''));
    return Object.fromEntries(names.map((n, i) => [n, texts[i]])) as Record<(typeof names)[number], string>;
  });
}

/** A stored document the API returns as it is: written by an older version, another tool or by hand. */
const stored = (doc: unknown) => doc as AlertItem;

describe('alerts table', () => {
  it('renders every row of malformed stored alerts, with a dash where a field is missing or of the wrong type', async () => {
    // One such document (no `buffalogs`, no `rule`, a string score…) threw a TypeError in a cell and the page went blank.
    const items = [...malformedAlerts, f.travelAlert];
    await mountApp('/alerts', listOf(items));
    const cells = await tableCells();
    expect(cells).toHaveLength(items.length);
    for (const row of cells)
      for (const text of Object.values(row)) expect(text).not.toMatch(/undefined|null|NaN|\[object|Invalid date|^$/);

    const [noBuffalogs, noRule, notAList, oddSignals, wrongTypes, nulls, spray, mfa, travel] = cells;
    expect(noBuffalogs).toEqual({
      time: '2024-05-03 07:00:00',
      user: 'dave',
      detector: 'New device',
      severity: '—',
      score: '—',
      country: '—',
      status: '—',
      message: 'written by another tool',
    });
    expect(noRule.detector).toBe('—');
    expect(noRule.severity).toBe('high');
    // No score badge for a score that is not a number, no signal badges for signals that are not a list.
    expect(notAList.detector).toBe('Suspicious login');
    // Only the well-formed signal makes a badge.
    expect(oddSignals.detector).toBe('Suspicious loginNew device +25');
    expect(wrongTypes).toEqual({
      time: '—',
      user: '—',
      detector: '—',
      severity: '—',
      score: '—',
      country: '—',
      status: '—filtered',
      message: '—',
    });
    expect(nulls).toEqual({
      time: '—',
      user: '—',
      detector: '—',
      severity: '—',
      score: '—',
      country: '—',
      status: '—',
      message: '—',
    });
    expect(spray.detector).toBe('Password spray');
    expect(spray.user).toBe('203.0.113.50');
    expect(mfa.detector).toBe('MFA fatigue');
    expect(mfa.user).toBe('—');
    // A well-formed alert beside them is untouched.
    expect(travel).toMatchObject({
      user: 'alice',
      detector: 'Impossible travel',
      severity: 'high',
      score: '73',
      status: 'Open',
    });
  });

  it("a Score column shows the alert's own score (event.risk_score), and sorting by it asks the API for sort=score", async () => {
    // The API's sort=risk_score is the user's risk at alert time (100, 100, 95, 100…): the list had no way to put the
    // highest-scored alerts first.
    const verdict = stored({ ...ff.verdictAlert, event: { ...ff.verdictAlert.event, risk_score: 70 } });
    const notANumber = stored({
      ...f.travelAlert,
      id: 'score-text',
      event: { ...f.travelAlert.event, risk_score: '9' },
    });
    const { calls, history } = await mountApp('/alerts', listOf([verdict, f.travelAlert, notANumber]));
    expect((await tableCells()).map((row) => row.score)).toEqual(['70', '73', '—']);
    const header = within(screen.getByTestId('alertsTable').querySelector('thead')!).getByRole('button', {
      name: /^Score/,
    });
    fireEvent.click(header);
    await waitFor(() => expect(history.location.search).toContain('sort=score'));
    await waitFor(() =>
      expect(calls.filter((c) => c.path === API_PATHS.alerts).at(-1)!.query).toMatchObject({ sort: 'score' }),
    );
  });

  it("shows a verdict's score once, in the Score column, with its threshold there; not again as a badge", async () => {
    // The row said "score 70" among the signal badges and 70 in the Score column beside it.
    const verdict = stored({ ...ff.verdictAlert, event: { ...ff.verdictAlert.event, risk_score: 70 } });
    await mountApp('/alerts', listOf([verdict]));
    const [row] = await tableCells();
    expect(row.detector).not.toMatch(/score/i);
    expect(row.score).toBe('70');
    const scoreCell = screen.getByTestId('alertsTableRow').querySelectorAll('td')[5];
    // What the badge's title and colour said: the score against the alerting threshold.
    expect(within(scoreCell).getByTitle('Score 70, alerting threshold 50')).toBeTruthy();
  });

  it('shows at most four badges in the detector cell, the rest behind a "+k" badge that names them', async () => {
    // The cell kept the width of its widest badge ("New network for device +30") whatever its column's: measured in
    // Chromium, 17–138 px over the Severity column with 900–1280 px tables; and a verdict listed every signal.
    const ids = ['new_country', 'new_device', 'rare_network', 'anonymous_ip', 'rare_country', 'new_network'];
    const signals = ids.map((id, i) => ({
      id,
      weight: 30 - i * 5,
      base_weight: 30,
      reason: `${id} fired`,
      evidence: {},
    }));
    const many = stored({
      ...ff.verdictAlert,
      id: 'many-signals',
      buffalogs: { ...ff.verdictAlert.buffalogs, evidence: { ...ff.verdictEvidence, score: 95, signals } },
    });
    const four = stored({
      ...many,
      id: 'four-signals',
      buffalogs: { ...many.buffalogs, evidence: { ...ff.verdictEvidence, signals: signals.slice(0, 4) } },
    });
    await mountApp('/alerts', listOf([many, four]));
    const [manyRow, fourRow] = await screen.findAllByTestId('alertRowBadges');
    const shown = [...manyRow.querySelectorAll('.euiBadge')].map((b) => b.textContent);
    expect(shown).toEqual(['New country +30', 'New device +25', 'Rare network +20', '+3']);
    const more = within(manyRow).getByText('+3').closest('.euiBadge')!;
    expect(more.getAttribute('title')).toBe('Anonymous IP +15, Rare country +10, New network +5');
    // Four fit: no "+k" for them.
    expect([...fourRow.querySelectorAll('.euiBadge')].map((b) => b.textContent)).toEqual([
      'New country +30',
      'New device +25',
      'Rare network +20',
      'Anonymous IP +15',
    ]);
    // The cell's content is a flex item: without min-width 0 it is as wide as its widest badge or word, whatever the
    // column's width; with it, a badge wider than the column is cut by EUI's ellipsis (its title keeps the whole text).
    const content = manyRow.parentElement!;
    expect(content.parentElement!.classList).toContain('euiTableCellContent');
    expect(parseFloat(content.style.minWidth)).toBe(0);
    for (const badge of manyRow.querySelectorAll('.euiBadge')) expect(badge.getAttribute('title')).toBeTruthy();
  });
});
