import type { FastifyReply } from 'fastify';
import type { ExportFile } from '../../core/exports/export-file.ts';
import { languageOf, type Language } from '../../domain/messages.ts';

/** An export file as a download: its type, name and no caching. */
export function sendFile(reply: FastifyReply, file: ExportFile): FastifyReply {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('cache-control', 'no-store')
    .send(file.body);
}

/** The export's language: the query's, else the browser's (Accept-Language), else none (the machine form). */
export function exportLanguage(lang: Language | undefined, acceptLanguage: string | undefined): { lang?: Language } {
  const chosen = lang ?? languageOf(acceptLanguage);
  return chosen ? { lang: chosen } : {};
}
