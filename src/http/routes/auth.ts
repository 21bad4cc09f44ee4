import { Hono } from 'hono';
import { z } from 'zod';
import { newUserInput } from '../../auth/new-user';
import { allow, clientAddress, type AppEnv } from '../context';
import { readJson } from '../json-body';

const loginBody = z.object({ username: z.string().min(1).max(80), password: z.string().min(1).max(200) });

export const authRoutes = new Hono<AppEnv>()
  .post('/auth/login', async (c) => {
    const body = loginBody.parse(await readJson(c));
    const { token, user, expiresAt } = await c.var.services.auth.login(body.username, body.password, clientAddress(c));
    return c.json({ token, user, expiresAt });
  })
  .post('/auth/logout', async (c) => {
    await c.var.services.auth.logout(c.var.token);
    return c.json({ ok: true });
  })
  .get('/auth/me', (c) => c.json({ user: c.var.user }))
  .get('/users', allow('admin'), async (c) => c.json({ users: await c.var.services.users.list() }))
  // A leader's handwritten signature and the agency's seal, drawn in signature appearances.
  .put('/users/:username/signature-image', allow('admin'), async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    return c.json(await c.var.services.images.set(c.var.user, 'signature', bytes, c.req.param('username')));
  })
  .put('/agency/seal-image', allow('admin'), async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    return c.json(await c.var.services.images.set(c.var.user, 'seal', bytes));
  })
  .post('/users', allow('admin'), async (c) => {
    const body = newUserInput.parse(await readJson(c));
    return c.json({ user: await c.var.services.users.create(c.var.user, body) }, 201);
  });
