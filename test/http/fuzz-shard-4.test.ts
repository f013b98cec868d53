import t from 'tap';
import { fuzzCommandRoutes } from './fuzz-command-routes.ts';

t.test('command routes, shard 4 of 4: 500 random or malformed bodies each, every answer a 4xx problem that wrote nothing, never a 5xx', (t) => fuzzCommandRoutes(t, 3, 4));
