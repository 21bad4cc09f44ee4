import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes the next migration into drizzle/ from src/db/schema.ts.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './drizzle',
});
