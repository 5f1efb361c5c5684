import { readFile } from 'node:fs/promises';
import { ScenicError } from '../errors.js';

/** A photo as bytes, or a path to read them from. */
export type PhotoInput = Uint8Array | string;

export async function readPhotoInput(photo: PhotoInput): Promise<Uint8Array> {
  if (typeof photo !== 'string') return photo;
  try {
    return await readFile(photo);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ScenicError('FILE_NOT_FOUND', `Expected a photo file at ${photo} but there is none`);
    if (code === 'EISDIR') throw new ScenicError('INVALID_ARGUMENT', `Expected a photo file but ${photo} is a folder`);
    throw new ScenicError('INVALID_ARGUMENT', `Expected a readable photo file at ${photo} (${code ?? String(error)})`, { cause: error });
  }
}
