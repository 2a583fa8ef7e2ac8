/**
 * The shared date parameter: what it lets through is what the handlers turn into Elasticsearch ranges (in UTC).
 */
import { ValidationError } from '@kbn/config-schema';
import { isoDate } from './params';

const accepts = (value: string) => isoDate.validate(value, {}, 'request query.from');
const refusal = (value: string) => {
  try {
    accepts(value);
  } catch (error) {
    if (error instanceof ValidationError) return error.message;
    throw error;
  }
  return undefined;
};

it('accepts the calendar dates and times an analyst or a script writes', () => {
  for (const value of [
    '2024-02-29',
    '2024-05-01',
    '2024-05-01T12:00:00Z',
    '2024-05-01T12:00:00.123+02:00',
    '2000-02-29',
  ])
    expect(accepts(value)).toBe(value);
});

it('refuses a day its month does not have (before: Date.parse rolled 2024-02-30 over to March 1, silently)', () => {
  for (const value of ['2024-02-30', '2023-02-29', '1900-02-29', '2024-04-31', '2024-06-31T00:00:00Z'])
    expect({ value, refusal: refusal(value) }).toEqual({
      value,
      refusal: expect.stringMatching(/^\[request query\.from\]: expected an ISO 8601 date/),
    });
});
