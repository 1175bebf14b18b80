// Scene media (救急ショット): which files may go up before the server sees them, and how each
// stored one is shown. The server decides the type from the bytes and stays the judge.
import { MAX_PHOTO_BYTES, MAX_VIDEO_BYTES, mediaThumbnailUrl, type MediaSource } from '@/api/emergency';
import { thumbnailUrl } from '@/api/care';
import type { EmsMedia, SummaryPerson } from '@/api/emergencyTypes';

export type MediaFileProblem = 'notMedia' | 'photoTooLarge' | 'videoTooLarge';

/**
 * Why a chosen file cannot be sent, or null. A file without a type (some Android cameras) goes
 * to the server, which reads the bytes; one announced as neither image nor video does not.
 */
export function mediaFileProblem(file: { type: string; size: number }): MediaFileProblem | null {
  const type = file.type.toLowerCase();
  if (type.startsWith('video/')) return file.size > MAX_VIDEO_BYTES ? 'videoTooLarge' : null;
  if (type.startsWith('image/') || type === '') return file.size > MAX_PHOTO_BYTES ? 'photoTooLarge' : null;
  return 'notMedia';
}

export function isVideo(m: Pick<EmsMedia, 'kind' | 'content_type'>): boolean {
  return m.kind === 'video' || (m.kind !== 'image' && (m.content_type ?? '').toLowerCase().startsWith('video/'));
}

/**
 * The person's photo on the summary: the team reads it as an attachment of the person; a crew or
 * a hospital through the access they hold (the server allows that photo there). Null without one.
 */
export function personPhotoUrl(person: Pick<SummaryPerson, 'id' | 'photo_attachment_id'>, source?: MediaSource): string | null {
  const id = person.photo_attachment_id;
  if (!id) return null;
  return source ? mediaThumbnailUrl(source, id) : thumbnailUrl(person.id, id);
}
