// @peculiar/x509 needs a Reflect metadata polyfill loaded before it (its DI container, tsyringe,
// throws otherwise). Import @peculiar/x509 through this module anywhere in the project.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export * from '@peculiar/x509';
