import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { README_PICTURES } from '../../dev/docs/readmePictures';

const ROOT = join(__dirname, '..', '..');

describe("the README's pictures", () => {
  it('are each one the tests take (npm run readme-pictures copies them), and each is in the repository', () => {
    const shown = [...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/src="docs\/images\/([^"]+)"/g)].map((match) => match[1]);
    expect(shown.length).toBeGreaterThan(3);
    expect(shown.filter((picture) => picture === undefined || !(picture in README_PICTURES))).toEqual([]);
    expect(shown.filter((picture) => !existsSync(join(ROOT, 'docs', 'images', picture ?? '')))).toEqual([]);
  });
});
