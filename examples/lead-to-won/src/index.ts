/**
 * `pnpm start`: one lead's way from a form capture to a won deal, with the Rex SDK against a
 * real local mock server (`startRexServer`, plain HTTP on 127.0.0.1):
 *
 *  1. the lead fills a form (`rex.capture`), enrichment finds their title (`contact.enriched`);
 *  2. sales creates their company, links and qualifies the contact;
 *  3. a deal in the default pipeline, two tasks, and a logged call on the deal;
 *  4. the deal moves through the stages to won, a week apart on the mock's clock; tasks done;
 *  5. the deal's history and the events a webhook receiver would get.
 *
 * It checks its own results and exits non-zero when one is wrong.
 */
import { startRexServer } from '@rex/mock-server/node';
import { Rex } from '@rex/sdk';

let failures = 0;
function check(label: string, ok: boolean, detail = ''): void {
  if (!ok) failures++;
  console.log(`  ${ok ? '✓' : '✗'} ${label}${detail && `: ${detail}`}`);
}

const DAY = 86_400_000;
// The mock's clock, moved by hand: a deal's `days_in_stage` and `deal_age_days` read it.
let clock = Date.parse('2026-03-02T09:00:00.000Z');
// `rex.capture` is public and sends no key, so the lead lands in the org keyless calls reach,
// `default`; in the mock's default key mode `rex_test_default` is the key that reads it.
const KEY = 'rex_test_default';
const ORG = 'default';
const server = await startRexServer({ port: 0, now: () => new Date(clock) });
console.log(`Mock Rex API listening on ${server.url}`);

try {
  const rex = new Rex({ apiKey: KEY, baseUrl: server.url });

  console.log("\n0. The sales pipeline (the org's first pipeline is its default)");
  await rex.pipelines.create({
    name: 'Sales',
    stages: [
      { name: 'Qualified' },
      { name: 'Demo' },
      { name: 'Proposal' },
      { name: 'Closed won', type: 'won', color: '#2da44e' },
      { name: 'Closed lost', type: 'lost', color: '#cf222e' },
    ],
  });
  const defaults = await rex.pipelines.list({ is_default: true });
  const pipeline = defaults.data[0];
  check('one default pipeline', defaults.data.length === 1 && pipeline !== undefined, pipeline?.name);
  if (!pipeline) throw new Error('no default pipeline');
  const stage = (name: string) => {
    const found = pipeline.stages.find((s) => s.name === name);
    if (!found) throw new Error(`no stage ${name}`);
    return found;
  };

  console.log('\n1. Capture a lead from a public form, then enrich it');
  const captured = await rex.capture({
    email: ' Ada.Lovelace@Analytical.example ',
    first_name: 'Ada',
    source: 'organic',
    source_detail: 'pricing-page form',
  });
  check(
    'captured as a lead, email normalised',
    captured.stage === 'lead',
    `${captured.id} ${captured.email}`,
  );
  // What an enrichment provider would find; the mock emits `contact.enriched` for it.
  server.mock.enrich({
    org: ORG,
    id: captured.id,
    fields: { last_name: 'Lovelace', title: 'Head of Engineering' },
  });
  const enriched = await rex.contacts.get(captured.id);
  check(
    'enrichment stored',
    enriched.title === 'Head of Engineering',
    `${enriched.first_name} ${enriched.last_name}`,
  );

  console.log('\n2. Her company, and the contact qualified as a prospect of it');
  const company = await rex.companies.create({
    name: 'Analytical Engines',
    domain: 'https://www.Analytical.example/about',
    industry: 'software',
    size: '51-200',
  });
  check('domain normalised', company.domain === 'analytical.example', company.domain ?? 'null');
  const ada = await rex.contacts.update(captured.id, { company_id: company.id, stage: 'prospect' });
  check('contact linked and a prospect', ada.company_id === company.id && ada.stage === 'prospect');

  console.log('\n3. A deal in the default pipeline, two tasks, a logged call');
  const deal = await rex.deals.create({
    name: 'Analytical Engines — annual plan',
    pipeline_id: pipeline.id,
    stage_id: stage('Qualified').id,
    contact_id: ada.id,
    company_id: company.id,
    value: 4_800_000,
    currency: 'EUR',
    expected_close: '2026-04-30T00:00:00.000Z',
  });
  check('deal open in Qualified', deal.status === 'open' && deal.stage_id === stage('Qualified').id, deal.id);
  const demoTask = await rex.tasks.create({
    title: 'Run the demo',
    contact_id: ada.id,
    deal_id: deal.id,
    priority: 'high',
    due_at: '2026-03-09T15:00:00.000Z',
  });
  const proposalTask = await rex.tasks.create({ title: 'Send the proposal', deal_id: deal.id });
  const call = await rex.activities.create({
    type: 'call',
    direction: 'outbound',
    status: 'completed',
    subject: 'Discovery call',
    body: 'Needs SSO and an EU data region.',
    duration: 1_800,
    contact_id: ada.id,
    company_id: company.id,
    deal_id: deal.id,
    source: 'dialer',
    external_id: 'call-0001',
  });
  check('call logged on the deal', call.deal_id === deal.id && call.type === 'call', call.id);
  const dealTasks = await rex.deals.listTasks(deal.id);
  check('the deal lists both tasks', dealTasks.data.length === 2, `${dealTasks.data.length}`);
  const contactDeals = await rex.contacts.listDeals(ada.id);
  check('the contact lists the deal', contactDeals.data.map((d) => d.id).join() === deal.id);

  console.log('\n4. Through the stages to won, a week apart; the tasks done on the way');
  clock += 7 * DAY;
  await rex.deals.moveStage(deal.id, { stage_id: stage('Demo').id });
  const done = await rex.tasks.update(demoTask.id, { status: 'completed' });
  check(
    'demo task completed, completed_at set',
    done.completed_at === new Date(clock).toISOString(),
    done.completed_at ?? 'null',
  );
  clock += 7 * DAY;
  await rex.deals.moveStage(deal.id, { stage_id: stage('Proposal').id });
  await rex.tasks.update(proposalTask.id, { status: 'completed' });
  clock += 3 * DAY;
  const won = await rex.deals.moveStage(deal.id, { stage_id: stage('Closed won').id });
  check('deal won', won.status === 'won' && won.stage_id === stage('Closed won').id, won.status);
  await rex.contacts.update(ada.id, { stage: 'customer' });
  clock += 2 * DAY;
  const later = await rex.deals.get(deal.id);
  check(
    '17 days to close, 2 days since',
    later.deal_age_days === 19 && later.days_in_stage === 2,
    `age ${later.deal_age_days}, in stage ${later.days_in_stage}`,
  );
  const open = await rex.tasks.list({ deal_id: deal.id, status: 'pending' });
  check('no open task left on the deal', open.data.length === 0);

  console.log("\n5. The deal's history and the events");
  const names = new Map(pipeline.stages.map((s) => [s.id, s.name]));
  const history: string[] = [];
  for await (const change of rex.deals.history(deal.id)) {
    const from = change.from_stage_id ? names.get(change.from_stage_id) : '(created)';
    history.push(`${from} → ${names.get(change.to_stage_id)}`);
    console.log(`    ${change.changed_at}  ${from} → ${names.get(change.to_stage_id)}`);
  }
  check(
    'history oldest first',
    history.join(' | ') ===
      '(created) → Qualified | Qualified → Demo | Demo → Proposal | Proposal → Closed won',
  );
  const types: string[] = [];
  for await (const event of rex.events.list({ limit: 10 })) {
    types.push(event.type);
    console.log(`    ${event.timestamp}  ${event.type}`);
  }
  const expected = [
    'pipeline.created',
    'contact.created',
    'contact.enriched',
    'company.created',
    'contact.updated',
    'deal.created',
    'task.created',
    'task.created',
    'activity.created',
    'deal.updated',
    'deal.stage_changed',
    'task.updated',
    'deal.updated',
    'deal.stage_changed',
    'task.updated',
    'deal.updated',
    'deal.stage_changed',
    'deal.won',
    'contact.updated',
  ];
  check('every change is an event, in order', types.join() === expected.join(), `${types.length} events`);
  const wonEvents = await rex.events.list({ type: ['deal.won'] });
  const [first] = wonEvents.data;
  // Narrowing on `type` gives the event's `data` its type: here, the deal as answered.
  check(
    'one deal.won, carrying the won deal',
    wonEvents.data.length === 1 && first?.type === 'deal.won' && first.data.id === deal.id,
    first?.type === 'deal.won' ? `${first.data.name}, ${first.data.value / 100} ${first.data.currency}` : '',
  );
} catch (error) {
  failures++;
  console.error('\nUnexpected error:', error);
} finally {
  await server.close();
}

console.log(
  failures === 0
    ? '\nLead to won deal: every check passed.\n'
    : `\nLead to won deal failed: ${failures} check(s) wrong.\n`,
);
process.exitCode = failures === 0 ? 0 : 1;
