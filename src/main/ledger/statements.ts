import type { Database, Statement } from 'better-sqlite3';

/** Prepared statements by their SQL text: each is prepared once per connection. */
export class Statements {
  private readonly cache = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  get(text: string): Statement {
    let statement = this.cache.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.cache.set(text, statement);
    }
    return statement;
  }
}
