import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generate } from 'selfsigned';

/**
 * One self-signed certificate for every local stand-in that must speak TLS (the Graph client
 * sends tokens only over https; msal-node insists on an https authority). Node trusts it through
 * NODE_EXTRA_CA_CERTS, so nothing ever turns certificate verification off.
 */
export interface DevCertificate {
  certPath: string;
  cert: string;
  key: string;
}

function projectRoot(from: string): string {
  return existsSync(join(from, 'package.json')) ? from : projectRoot(dirname(from));
}

const DEV_CERT_DIR = join(projectRoot(__dirname), 'dev', '.certs');
const certFile = join(DEV_CERT_DIR, 'localhost.pem');
const keyFile = join(DEV_CERT_DIR, 'localhost-key.pem');

export async function ensureDevCertificate(): Promise<DevCertificate> {
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    });
    mkdirSync(DEV_CERT_DIR, { recursive: true });
    writeFileSync(keyFile, pems.private, { mode: 0o600 });
    writeFileSync(certFile, pems.cert);
  }
  return { certPath: certFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}

/** The dev certificate, which must already exist (created by `withDevCertificate`). */
