// Images named by posts (`media: - file:`): inside the workspace, a regular file within X's size limit,
// and the image type its bytes say. Lint inspects them (header only); publish reads them, through the same checks.
import path from 'node:path';
/** What is wrong with a media file as found on disk (see src/workspace/media-file.ts). */
export interface MediaFinding {
  message: string;
  hint: string;
}
import {
  formatBytes,
  type OpenFile,
  openWorkspaceFile,
  readWorkspaceFile,
  UnsafeFileError,
} from './safe-file.js';

/** The image types X accepts, by what their bytes say. */
export type ImageType = 'png' | 'jpeg' | 'gif' | 'webp';

/** X's upload limits (https://docs.x.com/x-api/media, "Media types & size restrictions"): images 5 MB, GIFs 15 MB. */
export const MEDIA_MAX_BYTES: Record<ImageType, number> = {
  png: 5 * 1024 * 1024,
  jpeg: 5 * 1024 * 1024,
  webp: 5 * 1024 * 1024,
  gif: 15 * 1024 * 1024,
};
const LARGEST = Math.max(...Object.values(MEDIA_MAX_BYTES));

/** MIME type sent to X for each image type. */
export const MEDIA_MIME: Record<ImageType, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

const BY_EXTENSION: Record<string, ImageType> = {
  '.png': 'png',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.gif': 'gif',
  '.webp': 'webp',
};

/** The image type of a file's first bytes (magic number), if it is one X accepts. */
export function imageTypeOf(bytes: Uint8Array): ImageType | undefined {
  const at = (offset: number, signature: number[]) => signature.every((b, i) => bytes[offset + i] === b);
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (at(0, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (at(0, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61)
    return 'gif';
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return 'webp';
  return undefined;
}

const HEADER_BYTES = 16;

/** What is wrong with a media file as found on disk, or undefined when it may be uploaded. */
function problemOf(file: string, header: Uint8Array, size: number): MediaFinding | undefined {
  const byName = BY_EXTENSION[path.extname(file).toLowerCase()];
  if (!byName) {
    return {
      message: `${file} is not an image X takes: use a .png, .jpg, .gif or .webp file`,
      hint: 'Convert the image to PNG, JPEG, GIF or WEBP.',
    };
  }
  const byBytes = imageTypeOf(header);
  if (!byBytes) {
    return {
      message: `${file} is named like a ${byName.toUpperCase()} image, but its bytes are not a PNG, JPEG, GIF or WEBP image`,
      hint: 'Export the image again from an image editor; Chorus uploads only real images.',
    };
  }
  if (byBytes !== byName) {
    return {
      message: `${file} is named like a ${byName.toUpperCase()} image, but its bytes are a ${byBytes.toUpperCase()} image`,
      hint: `Rename the file to end in .${byBytes === 'jpeg' ? 'jpg' : byBytes}.`,
    };
  }
  if (size > MEDIA_MAX_BYTES[byBytes]) {
    return {
      message: `${file} is ${formatBytes(size)}; X takes ${byBytes.toUpperCase()} images up to ${formatBytes(MEDIA_MAX_BYTES[byBytes])}`,
      hint: 'Make the image smaller (fewer pixels or stronger compression).',
    };
  }
  return undefined;
}

function unsafeFinding(file: string, error: unknown): MediaFinding {
  if (error instanceof UnsafeFileError) {
    if (error.reason === 'too-large') {
      return {
        message: `${file} is ${formatBytes(error.size ?? LARGEST + 1)}; X takes images up to ${formatBytes(MEDIA_MAX_BYTES.png)} (GIFs ${formatBytes(MEDIA_MAX_BYTES.gif)})`,
        hint: 'Make the image smaller (fewer pixels or stronger compression).',
      };
    }
    return { message: error.message.replace(/\.$/, ''), hint: error.hint };
  }
  return {
    message: `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    hint: 'Check that it is a regular, readable image file inside the workspace.',
  };
}

/** What lint knows of an image that may be uploaded: its size and type, for each network's own limits. */
export interface MediaInfo {
  bytes: number;
  mime: string;
}

/** Check a media file without reading all of it (lint): undefined when it may be uploaded. */
export async function inspectMediaFile(
  root: string,
  file: string,
  info?: Map<string, MediaInfo>,
): Promise<MediaFinding | undefined> {
  let open: OpenFile;
  try {
    open = await openWorkspaceFile(root, file, { maxBytes: LARGEST });
  } catch (error) {
    return unsafeFinding(file, error);
  }
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await open.handle.read(header, 0, HEADER_BYTES, 0);
    const problem = problemOf(file, header.subarray(0, bytesRead), open.size);
    if (!problem) info?.set(file, { bytes: open.size, mime: MEDIA_MIME[imageTypeOf(header)!] });
    return problem;
  } catch (error) {
    return unsafeFinding(file, error);
  } finally {
    await open.handle.close().catch(() => undefined);
  }
}

/** Read a media file for upload (publish), through the same checks: its bytes and MIME type, or why not. */
export async function readMediaFile(
  root: string,
  file: string,
): Promise<{ bytes: Buffer; mime: string } | { problem: MediaFinding }> {
  let bytes: Buffer;
  try {
    bytes = await readWorkspaceFile(root, file, { maxBytes: LARGEST });
  } catch (error) {
    return { problem: unsafeFinding(file, error) };
  }
  const problem = problemOf(file, bytes.subarray(0, HEADER_BYTES), bytes.length);
  if (problem) return { problem };
  return { bytes, mime: MEDIA_MIME[imageTypeOf(bytes)!] };
}

/** Inspect every distinct media file named by `files` (a few at a time), for the media-file rule. */
export async function inspectMediaFiles(
  root: string,
  files: Iterable<string>,
  info?: Map<string, MediaInfo>,
): Promise<Map<string, MediaFinding | undefined>> {
  const distinct = [...new Set(files)];
  const results = new Map<string, MediaFinding | undefined>();
  const batch = 32;
  for (let i = 0; i < distinct.length; i += batch) {
    const slice = distinct.slice(i, i + batch);
    const found = await Promise.all(slice.map((file) => inspectMediaFile(root, file, info)));
    slice.forEach((file, k) => results.set(file, found[k]));
  }
  return results;
}
