import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import type { AuditReportData } from './audit-report.service.js';

/**
 * The report embeds its fonts (Liberation Sans, SIL OFL, in apps/regional-hub/assets/fonts): its
 * Russian headings must render and extract the same on every machine, with no system font.
 */
function fontDir(): string {
  // From src/ (tests) and from dist/ (built) alike: the first ancestor that holds the assets.
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'apps/regional-hub/assets/fonts');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error('apps/regional-hub/assets/fonts not found: the audit report needs its embedded fonts');
  }
}

/** The first broken event as `cix verify` names it, or the intact headline. */
export function verdictLine(v: AuditReportData['verdict']): string {
  const per = Object.entries(v.perAgency)
    .map(([a, n]) => `${a} ${n}`)
    .join(', ');
  if (v.intact) return `verified ${v.verified} events (${per || 'none'}), chain intact`;
  const b = v.broken!;
  const where = b.agency ? `: ${b.agency}${b.position !== undefined ? ` position ${b.position}` : ''}${b.eventId ? ` (event ${b.eventId})` : ''}` : '';
  return `BROKEN at line ${b.line}${where}: ${b.reason}${b.detail ? ` (${b.detail})` : ''}; ${v.verified} events verified before it`;
}

/** The audit report as a PDF an inspector can file; every figure is text (extractable), headings in English and Russian. */
export async function renderAuditReport(r: AuditReportData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: { Title: 'Caspian Intel Exchange audit report', Author: 'Caspian Intel Exchange hub', CreationDate: new Date(r.params.to) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const fonts = fontDir();
  doc.registerFont('regular', path.join(fonts, 'LiberationSans-Regular.ttf'));
  doc.registerFont('bold', path.join(fonts, 'LiberationSans-Bold.ttf'));
  const heading = (en: string, ru: string) => doc.moveDown(0.8).font('bold').fontSize(12).text(`${en} / ${ru}`).moveDown(0.2).font('regular').fontSize(9);
  const line = (s: string) => doc.text(s);

  doc.font('bold').fontSize(16).text('Caspian Intel Exchange — audit report');
  doc.font('regular').fontSize(11).text('Отчёт аудитора');

  heading('Scope and principal', 'Охват и субъект');
  line(`Auditor: ${r.auditor.sub} (${r.auditor.role}, ${r.auditor.agency})`);
  line(`Scope (agencies): ${r.scope.join(', ') || 'none'}${r.params.agency ? ` (filtered to ${r.params.agency})` : ''}`);

  heading('Period', 'Период');
  line(`From: ${r.params.from ?? 'the beginning of each history'}`);
  line(`To (the export is the history as the hub held it then): ${r.params.to}`);
  line(`Generated at: ${r.generatedAt}`);

  heading('Events and chain tips', 'События и вершины цепочек');
  for (const a of r.agencies) {
    const cp = a.checkpoint;
    line(
      `${a.agency}: ${a.events} events in the export (${a.sealed} sealed), ${a.inPeriod} recorded in the period; chain tip: ${cp ? `position ${cp.position}` : 'no events'}`,
    );
    if (cp) doc.fontSize(8).text(`  tip hash ${cp.hash}`).fontSize(9);
  }

  heading('Checkpoint signatures', 'Подписи контрольных точек');
  for (const a of r.agencies) {
    const cp = a.checkpoint;
    if (!cp) continue;
    line(`${cp.agency} position ${cp.position}, over ${cp.over}, key ${cp.keyId}${cp.time ? `, time ${cp.time}` : ''}`);
    doc.fontSize(8).text(`  signature ${cp.signature}`);
    if (cp.attestation) doc.text(`  attested by ${cp.attestation.agency} (key ${cp.attestation.keyId}) at ${cp.attestation.time}: ${cp.attestation.signature}`);
    doc.fontSize(9);
  }

  heading('Key fingerprints', 'Отпечатки ключей');
  line('SHA-256 of each public key (DER SPKI), as `cix verify` prints them. Compare them with what each agency publishes: this list is the hub’s word.');
  for (const k of r.keys) doc.fontSize(8).text(`${k.agency}:${k.keyId} ${k.fingerprint}`);
  doc.fontSize(9);

  heading('Verification result', 'Результат проверки');
  line(`The hub verified the export with the same code as cix verify: ${verdictLine(r.verdict)}`);
  line(`Export: ${r.exportLines} lines, SHA-256 ${r.exportSha256}`);

  heading('Access log in the period', 'Журнал доступа за период');
  if (!r.accessByAction.length) line('No access records in the period that this auditor may read.');
  for (const x of r.accessByAction) line(`${x.key}: ${x.count}`);
  if (r.accessByAgency.length) line(`By the reader's agency: ${r.accessByAgency.map((x) => `${x.key} ${x.count}`).join(', ')}`);

  heading('How to reproduce', 'Как воспроизвести');
  line('1. Fetch the export this report describes (the same bytes while what you may see is unchanged):');
  doc.fontSize(8).text(`   curl -H "Authorization: Bearer $TOKEN" "<hub>${r.exportPath}" > export.ndjson`);
  doc.text(`   sha256sum export.ndjson   # ${r.exportSha256}`).fontSize(9);
  line('2. Verify it offline against keys obtained from each agency (and the hub’s key, which signs the export’s claims):');
  doc.fontSize(8).text('   npm run cix -- verify export.ndjson --trust AZ:KEY_ID=az.pem,KZ:KEY_ID=kz.pem,TM:KEY_ID=tm.pem,HUB:KEY_ID=hub.pem');
  doc.text(
    `   npm run cix -- report --url <hub> --token $TOKEN --to ${r.params.to}${r.params.from ? ` --from ${r.params.from}` : ''}${r.params.agency ? ` --agency ${r.params.agency}` : ''} --out report.pdf --export export.ndjson`,
  );
  doc.end();
  return done;
}
