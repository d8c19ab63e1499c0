import PDFDocument from 'pdfkit';
import type { InspectionView } from '@uehub/contracts';

/** The inspection as a printable report (pdfkit): template version, answers, failures, evidence digests, signatures. */
export function inspectionPdf(inspection: InspectionView): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Inspection ${inspection.id}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.fontSize(16).text(`${inspection.templateName} (template version ${inspection.templateVersion})`);
  doc.fontSize(10).text(`Inspection ${inspection.id} at ${inspection.site}; inspector ${inspection.inspectorId}`);
  doc.text(`Status: ${inspection.status}; completed ${inspection.completedAt ?? '-'}`);
  doc.fontSize(12).text(`Result: ${(inspection.result ?? 'not completed').toUpperCase()}   Score: ${inspection.score ?? '-'}%`);
  doc.moveDown();
  const answers = new Map(inspection.answers.map((a) => [a.itemId, a]));
  for (const item of inspection.items) {
    const answer = answers.get(item.id);
    const failed = inspection.failedItemIds.includes(item.id) ? '  FAILED' : '';
    doc.fontSize(10).text(`[${item.section}] ${item.label}${item.critical ? ' (critical)' : ''}: ${answer ? String(answer.value) : 'not answered'}${failed}`);
    for (const sha256 of answer?.evidence ?? []) doc.fontSize(8).text(`   photo sha256 ${sha256}`);
  }
  doc.moveDown();
  for (const a of inspection.amendments) doc.fontSize(9).text(`Amended ${a.itemId}: ${String(a.from)} -> ${String(a.to)} by ${a.by} at ${a.at}: ${a.reason}`);
  for (const s of inspection.signatures) doc.fontSize(9).text(`Signed (${s.role}) by ${s.userId} at ${s.at}; answers digest ${s.answersDigest}`);
  doc.end();
  return done;
}
