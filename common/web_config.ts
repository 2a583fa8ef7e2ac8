/**
 * Defaults of the web family's thresholds (`buffalogs.web` in kibana.yml), each with why it has its value. Shared by
 * the server (server/families/web/) and the app, which shows them beside the alerts they explain.
 */
/** The web family's rules (server/families/web/detectors/), as alerts carry them in `rule.id`. */
export const WEB_RULE_IDS = [
  'web_scanning',
  'web_flood',
  'web_burst',
  'web_exfiltration',
  'web_malicious_referrer',
] as const;
export type WebRuleId = (typeof WEB_RULE_IDS)[number];

/**
 * Response codes the traffic views count as "blocked": the server refused the request on purpose. 401 and 403 are the
 * usual refusals, 429 a rate limit. 418 too: the real server in the demo data (secrepo.com) answers 418 to the probes
 * it recognises (`/wp-login.php` on a site that is not WordPress, the DedeCMS `plus/download.php` injection), a
 * common mod_security/fail2ban-style trick; no client asks for a teapot, so a 418 is always the server saying no.
 * LogiSOC counted only 401/403 and left those blocks in "Other".
 */
export const WEB_BLOCKED_STATUS_CODES = [401, 403, 418, 429] as const;

export const WEB_DEFAULT_INDICES = ['logs-apache.access-*', 'logs-nginx.access-*', 'logs-iis.access-*'];

/**
 * VirusTotal lookups (`buffalogs.web.virusTotal`), defaults with their reasons. VirusTotal's public (free) API allows
 * 4 requests a minute and 500 a day (https://docs.virustotal.com/reference/public-vs-premium-api): the defaults stay
 * inside it, shared by every Kibana node of a space; a premium key raises them.
 */
export const VIRUSTOTAL_DEFAULTS = {
  requestsPerMinute: 4,
  requestsPerDay: 500,
  /** A week: a domain's reputation changes slowly, and the free budget covers ~3,500 domains a week at most. */
  cacheTtlMs: 7 * 86_400_000,
  /**
   * Two engines flagging a domain malicious: one engine alone is wrong often enough (VirusTotal warns against reading
   * a single detection as a verdict); two agreeing is the usual minimum in SOC playbooks. `suspicious` is not counted.
   */
  maliciousEngines: 2,
  /** A lookup that takes longer is given up (and asked again later): a pass must not hang on the provider. */
  timeoutMs: 10_000,
  /** Lookups at most per batch of a pass, even with a premium budget. */
  maxLookupsPerBatch: 50,
  /**
   * Distinct addresses that must have come from a referrer domain in a pass before it is looked up from the whole
   * budget. A `Referer` header costs its sender nothing to make up: one client sending `random-123.example`,
   * `random-124.example`… spent the day's 500 lookups on junk, and a real malicious referrer seen later that day was
   * never checked. Two different addresses is the least corroboration there is (a second client, not the same one
   * repeating itself: request counts are just as cheap to make up); 1 treats every domain alike.
   */
  minAddresses: 2,
  /**
   * The share of the budget (a day's, and a minute's rounded up) that domains short of `minAddresses` may spend:
   * a phishing page visited by one person is a real one-off worth asking about, but no more than this goes to
   * domains anyone could have made up, so the rest (375 of the free tier's 500 a day, 3 of its 4 a minute) is kept
   * for the domains several addresses came from. 0 never asks about them; 1 lets them spend it all, as before.
   */
  uncorroboratedShare: 0.25,
  /**
   * An address that came from more referrer domains than this in one window of a pass is no witness for any of them: a person
   * follows a few links, while a spam bot or a flood script cycles through hundreds. Without it two addresses
   * repeating the same 1,000 made-up referrers would "corroborate" each; with it they need 100 addresses.
   */
  witnessMaxDomains: 20,
} as const;

export const WEB_DEFAULTS = {
  /** One alert per rule per address per day: a scanner active all day is one story, not 200 alerts. */
  cooldownMs: 24 * 3_600_000,
  scanning: {
    /** An hour: scanners run through their list in minutes; a person clicking broken links does not reach it. */
    windowMs: 3_600_000,
    /** 404s in the window regardless of path (LogiSOC used ≥ 10 a day, which a site with broken links reaches). */
    notFound: 50,
    /** Distinct missing path *shapes* (digits folded): a script fetching `log-2019-01-01.gz` … is one shape. */
    distinctMissingShapes: 10,
    /** Distinct known-sensitive paths probed (any status): two could be curiosity, three is a checklist. */
    sensitivePaths: 3,
  },
  flood: {
    windowMs: 600_000,
    /** 429s: the server itself already said "too many"; ten in ten minutes is a client ignoring it. */
    tooManyRequests: 10,
    /** 401/403 answers on login endpoints: ten failed logins in ten minutes is guessing, not a typo. */
    loginFailures: 10,
  },
  burst: {
    /** One minute, as LogiSOC. */
    windowMs: 60_000,
    /** Same code from one address; 20 a minute (LogiSOC's 5 fires on a browser loading one page's missing assets). */
    count: 20,
    /** Only error codes burst meaningfully: 200s in a burst are a page load or a crawler. */
    minStatus: 400,
  },
  exfiltration: {
    windowMs: 3_600_000,
    /** One POST/PUT request body of 10 MiB or more. */
    singleRequestBytes: 10 * 1024 * 1024,
    /** Request bodies of POST/PUT adding up to 50 MiB in an hour. */
    totalRequestBytes: 50 * 1024 * 1024,
  },
} as const;
