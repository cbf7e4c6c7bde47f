import { renderMail } from '../src/services/notifications/mail-layout.js';
const items = Array.from({ length: 41 }, (_, i) => ({ headline: `Task number ${i}`, detail: 'Due 2025-01-01T00:00:00.000Z', link: `https://x/app/tasks/${i}` }));
const content = { organizationName: 'Org', greeting: 'Hello', sections: [{ heading: 'Overdue', items }], unsubscribe: { url: 'https://x/u', label: 'off' }, settingsUrl: null };
await renderMail(content);
let t0 = performance.now();
for (let i = 0; i < 10; i++) await renderMail(content);
console.log('per render ms', (performance.now() - t0) / 10);
