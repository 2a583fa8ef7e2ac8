/**
 * What a request path means to the web detectors: a probe for a known sensitive path, a miss a browser makes on its
 * own (favicons, touch icons), a login endpoint, and the path's shape (digits folded) so that a script fetching
 * numbered files counts as one thing.
 */

/** Path prefixes scanners probe (lower-case; matched against the decoded, lower-cased path). */
export const SENSITIVE_PATH_PREFIXES: readonly string[] = [
  '/.env',
  '/.git/',
  '/.git',
  '/.svn/',
  '/.hg/',
  '/.ds_store',
  '/.htaccess',
  '/.htpasswd',
  '/.aws/',
  '/.ssh/',
  '/wp-login.php',
  '/wp-admin',
  '/xmlrpc.php',
  '/wp-config.php',
  '/wp-content/plugins/',
  '/wp-includes/',
  '/phpmyadmin',
  '/pma/',
  '/myadmin',
  '/mysql/',
  '/adminer',
  '/phpinfo.php',
  '/info.php',
  '/server-status',
  '/config.php',
  '/configuration.php',
  '/config.json',
  '/config.yml',
  '/web.config',
  '/backup',
  '/db.sql',
  '/dump.sql',
  '/cgi-bin/',
  '/shell',
  '/cmd',
  '/boaform/',
  '/hnap1',
  '/manager/html',
  '/solr/',
  '/actuator',
  '/console',
  '/vendor/phpunit/',
  '/.well-known/security.txt.bak',
  '/user.php',
  '/admin/config',
  '/etc/passwd',
];

const SENSITIVE_ANYWHERE: readonly string[] = ['../', '/etc/passwd', 'phpunit/src/util/php/eval-stdin.php', '/.git/'];

export function sensitivePath(path: string): string | undefined {
  const lower = path.toLowerCase().replace(/\/{2,}/g, '/');
  for (const prefix of SENSITIVE_PATH_PREFIXES) if (lower.startsWith(prefix)) return prefix;
  for (const fragment of SENSITIVE_ANYWHERE) if (lower.includes(fragment)) return fragment;
  return undefined;
}

/**
 * Misses a browser or feed reader makes without anyone asking: Safari's `apple-touch-icon*.png`, `favicon.ico`,
 * `robots.txt`, `browserconfig.xml`, `/.well-known/…`. LogiSOC counted them and flagged an iPhone user.
 */
const BENIGN_MISSES =
  /^\/(apple-touch-icon[\w.-]{0,40}\.png|favicon[\w.-]{0,20}\.(ico|png|svg)|robots\.txt|sitemap[\w.-]{0,20}\.xml|ads\.txt|browserconfig\.xml|site\.webmanifest|manifest\.json|\.well-known\/[\w./-]{0,100})$/i;

export function benignMiss(path: string): boolean {
  return path.length <= 200 && BENIGN_MISSES.test(path);
}

const LOGIN_ENDPOINTS =
  /(^|\/)(wp-login\.php|xmlrpc\.php|login|signin|sign-in|log-in|logon|auth|authenticate|session|sessions|token|oauth\/token|user\/login|admin\/login|j_security_check|api\/login)(\.\w{1,5})?\/?$/i;

export function loginEndpoint(path: string): boolean {
  return path.length <= 300 && LOGIN_ENDPOINTS.test(path);
}

/** The path with runs of digits folded to `#` and at most 120 characters: `/a/log.2017-03-26.gz` → `/a/log.#-#-#.gz`. */
export function pathShape(path: string): string {
  return path.slice(0, 240).toLowerCase().replace(/\d+/g, '#').slice(0, 120);
}
