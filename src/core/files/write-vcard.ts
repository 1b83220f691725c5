import { formatVcard, type VcardPerson } from '../../domain/vcard.ts';

const FLUSH_AT = 64 * 1024;

/** A vCard 4.0 file as text chunks, one card per person. */
export async function* vcardChunks(people: AsyncIterable<VcardPerson>): AsyncGenerator<string> {
  let chunk = '';
  for await (const person of people) {
    chunk += formatVcard(person);
    if (chunk.length >= FLUSH_AT) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
