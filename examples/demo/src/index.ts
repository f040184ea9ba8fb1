/**
 * `pnpm demo`: a short, real walkthrough of the Rex toolkit, run against the built packages.
 * It checks its own results and exits non-zero when one is wrong.
 */
import {
  CompanyCreateParams,
  ContactCreateParams,
  normalizeDomain,
  normalizeEmail,
  validate,
} from '@rex/types';

let failures = 0;
function check(label: string, actual: unknown, expected: unknown): void {
  const ok = JSON.stringify(actual) === JSON.stringify(expected);
  if (!ok) failures++;
  console.log(
    `  ${ok ? '✓' : '✗'} ${label}: ${JSON.stringify(actual)}${ok ? '' : ` (expected ${JSON.stringify(expected)})`}`,
  );
}

console.log('\n1. Dedup keys are normalised the same way by the SDK and the server');
check(
  "normalizeEmail('  Ada.Lovelace+CRM@Example.COM ')",
  normalizeEmail('  Ada.Lovelace+CRM@Example.COM '),
  'ada.lovelace+crm@example.com',
);
check(
  "normalizeDomain('https://www.Acme.com/about')",
  normalizeDomain('https://www.Acme.com/about'),
  'acme.com',
);
check("normalizeDomain('münchen.de')", normalizeDomain('münchen.de'), 'xn--mnchen-3ya.de');
check("normalizeDomain('eu.acme.com') keeps the subdomain", normalizeDomain('eu.acme.com'), 'eu.acme.com');

console.log('\n2. Valid requests pass the shared schemas');
const contact = validate(ContactCreateParams, {
  email: 'ada@example.com',
  first_name: 'Ada',
  stage: 'prospect',
});
check('contact with email, first_name, stage', contact.success, true);
const company = validate(CompanyCreateParams, {
  name: 'Acme',
  domain: 'https://www.acme.com',
  size: '51-200',
});
check('company with name, domain as a URL, size', company.success, true);

console.log('\n3. Invalid requests get a clear error naming the field, as the API would answer');
const samples: [string, typeof ContactCreateParams | typeof CompanyCreateParams, unknown, string][] = [
  ['contact without email', ContactCreateParams, { first_name: 'Ada' }, 'email'],
  [
    'contact with a typo in a field name',
    ContactCreateParams,
    { email: 'ada@example.com', stge: 'lead' },
    'stge',
  ],
  ['contact with an unknown stage', ContactCreateParams, { email: 'ada@example.com', stage: 'won' }, 'stage'],
  ['company with an IP for a domain', CompanyCreateParams, { name: 'Acme', domain: '10.0.0.1' }, 'domain'],
];
for (const [label, schema, input, param] of samples) {
  const result = validate(schema, input);
  check(`${label} → param`, result.success ? null : result.error.param, param);
  if (!result.success) console.log(`      400 validation_error: ${result.error.message}`);
}

console.log(
  failures === 0 ? '\nDemo finished: every check passed.\n' : `\nDemo failed: ${failures} check(s) wrong.\n`,
);
process.exitCode = failures === 0 ? 0 : 1;
