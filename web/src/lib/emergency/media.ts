// Scene media (救急ショット): which files may go up before the server sees them, and how each
// stored one is shown. The server decides the type from the bytes and stays the judge.
import { MAX_PHOTO_BYTES, MAX_VIDEO_BYTES } from '@/api/emergency';
import type { EmsMedia } from '@/api/emergencyTypes';

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
