import { ConflictError, Rex } from '@rex/sdk';

const rex = new Rex(); // reads REX_API_KEY and REX_URL (https://{subdomain}.rexgtm.com)

const ada = await rex.contacts.create({ email: 'ada@example.com', first_name: 'Ada' });
const { data, created } = await rex.contacts.upsert({ email: ' ADA@example.com ', title: 'CTO' });
console.log(created, data.id === ada.id, data.title); // false true CTO: one contact per email

for await (const lead of rex.contacts.list({ stage: 'lead', limit: 100 })) console.log(lead.email);

try {
  await rex.contacts.create({ email: 'Ada@Example.com' });
} catch (error) {
  if (error instanceof ConflictError) console.log('exists:', error.existingId === ada.id);
}
