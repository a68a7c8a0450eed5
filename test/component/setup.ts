import 'fake-indexeddb/auto';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// Screens wait on a real host (a store, a sync engine) that may share two cores with other runs:
// findBy… waits long rather than failing on a slow machine (nothing here asserts on speed).
configure({ asyncUtilTimeout: 20_000 });

afterEach(() => cleanup());
