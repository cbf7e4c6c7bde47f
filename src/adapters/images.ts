/**
 * Pictures and logos are decoded and drawn again before they are kept: what is stored and
 * served is a PNG this server wrote, never the uploaded bytes, so a file that only claims
 * to be an image (an HTML page, an SVG with scripts, a polyglot) or carries metadata (a
 * photo's GPS position) never reaches another member's browser. Decoding is bounded in
 * pixels, so a small file that inflates to gigapixels is refused rather than decoded.
 */
import sharp from 'sharp';

export interface ReencodedImage {
  /** The picture, fitted inside `maxSide` × `maxSide`, as PNG. */
  full: Buffer;
  /** The same, fitted inside `thumbSide` × `thumbSide` (cropped to a square), as PNG. */
  thumb: Buffer;
  width: number;
  height: number;
}

export interface ImageSizes {
  maxSide: number;
  thumbSide: number;
}

export interface ImageProcessor {
  /** Re-encodes the bytes; rejects (with `ImageNotReadable`) what is not a readable raster image. */
  reencode(input: Buffer, sizes: ImageSizes): Promise<ReencodedImage>;
}

/** The input was not a JPEG, PNG, WebP, GIF, AVIF or TIFF image sharp could decode within the limits. */
export class ImageNotReadable extends Error {}

/** The largest image decoded, in pixels (e.g. 8000 × 5000). */
const MAX_INPUT_PIXELS = 40_000_000;
const INPUT_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif', 'tiff']);

export function createSharpImageProcessor(): ImageProcessor {
  return {
    async reencode(input, sizes) {
      const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' as const, animated: false };
      let format: string | undefined;
      try {
        format = (await sharp(input, options).metadata()).format;
      } catch {
        throw new ImageNotReadable('The file is not a readable image.');
      }
      if (!format || !INPUT_FORMATS.has(format))
        throw new ImageNotReadable('The file is not a supported image.');
      try {
        // rotate() applies the EXIF orientation; metadata is not carried into the output.
        const base = () => sharp(input, options).rotate();
        const { data: full, info } = await base()
          .resize(sizes.maxSide, sizes.maxSide, { fit: 'inside', withoutEnlargement: true })
          .png()
          .toBuffer({ resolveWithObject: true });
        const thumb = await base()
          .resize(sizes.thumbSide, sizes.thumbSide, { fit: 'cover' })
          .png()
          .toBuffer();
        return { full, thumb, width: info.width, height: info.height };
      } catch {
        throw new ImageNotReadable('The file is not a readable image.');
      }
    },
  };
}
