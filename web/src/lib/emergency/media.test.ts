import { describe, expect, it } from 'vitest';
import { isVideo, mediaFileProblem, personPhotoUrl } from './media';

const MB = 1024 * 1024;

describe('mediaFileProblem', () => {
  it('lets videos up to 50 MiB and photos up to 10 MiB through', () => {
    expect(mediaFileProblem({ type: 'video/mp4', size: 50 * MB })).toBeNull();
    expect(mediaFileProblem({ type: 'video/quicktime', size: 50 * MB + 1 })).toBe('videoTooLarge');
    expect(mediaFileProblem({ type: 'image/heic', size: 10 * MB })).toBeNull();
    expect(mediaFileProblem({ type: 'image/jpeg', size: 10 * MB + 1 })).toBe('photoTooLarge');
  });

  it('leaves a file without a type to the server, and refuses other types', () => {
    expect(mediaFileProblem({ type: '', size: 1 })).toBeNull();
    expect(mediaFileProblem({ type: 'application/pdf', size: 1 })).toBe('notMedia');
  });
});

describe('isVideo', () => {
  it('goes by the kind, and by the content type when the kind is neither', () => {
    expect(isVideo({ kind: 'video', content_type: 'application/octet-stream' })).toBe(true);
    expect(isVideo({ kind: 'image', content_type: 'video/mp4' })).toBe(false);
    expect(isVideo({ kind: 'file', content_type: 'video/webm' })).toBe(true);
  });
});

describe('personPhotoUrl', () => {
  const person = { id: 'p1', photo_attachment_id: 'a 1' };
  it('reads the team copy as an attachment of the person', () => {
    expect(personPhotoUrl(person)).toBe('/api/v1/persons/p1/attachments/a%201/thumbnail');
  });
  it('reads it through the access a crew, a hospital or a link holds', () => {
    expect(personPhotoUrl(person, { kind: 'ems', accessId: 'x' })).toBe('/api/v1/ems/accesses/x/media/a%201/thumbnail');
    expect(personPhotoUrl(person, { kind: 'link', token: 't' })).toMatch(/^\/api\/v1\/handover-links\/t\/media\/a%201\/thumbnail$/);
  });
  it('is null without a photo', () => {
    expect(personPhotoUrl({ id: 'p1', photo_attachment_id: null })).toBeNull();
    expect(personPhotoUrl({ id: 'p1' })).toBeNull();
  });
});
