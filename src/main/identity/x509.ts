import { webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';

export type X509Module = typeof X509;

let loaded: Promise<X509Module> | undefined;

/**
 * @peculiar/x509 on Node's WebCrypto. Its dependency injection (tsyringe)
 * needs the Reflect metadata API in place before the library is evaluated,
 * hence the two imports in this order.
 */
export function loadX509(): Promise<X509Module> {
  loaded ??= (async () => {
    await import('reflect-metadata');
    const x509 = await import('@peculiar/x509');
    x509.cryptoProvider.set(webcrypto as unknown as Parameters<X509Module['cryptoProvider']['set']>[0]);
    return x509;
  })();
  return loaded;
}
