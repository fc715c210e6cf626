/**
 * @module
 * Kysely on `node:sqlite`. Kysely's SQLite dialect is written for
 * better-sqlite3; `node:sqlite`'s `DatabaseSync` is wrapped to that shape, and
 * the driver begins every transaction with `BEGIN IMMEDIATE`, so the write lock
 * is taken up front: a check-then-write transaction (an approval's
 * compare-and-set) cannot be overtaken by another process, and a busy database
 * fails before any work. Kysely serialises the one connection in-process.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { CompiledQuery, SqliteDialect, SqliteDriver } from 'kysely';
import type { DatabaseConnection, Driver, SqliteDatabase, SqliteStatement } from 'kysely';

function statement(stmt: StatementSync): SqliteStatement {
  return {
    reader: stmt.columns().length > 0,
    all: (parameters) => stmt.all(...(parameters as SQLInputValue[])),
    run: (parameters) => stmt.run(...(parameters as SQLInputValue[])),
    iterate: (parameters) => stmt.iterate(...(parameters as SQLInputValue[])),
  };
}

/** `DatabaseSync` as the better-sqlite3-shaped database Kysely expects; Kysely's `destroy` closes it. */
function kyselySqliteDatabase(db: DatabaseSync): SqliteDatabase {
  return {
    close: () => {
      if (db.isOpen) db.close();
    },
    prepare: (sql) => statement(db.prepare(sql)),
  };
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('BEGIN IMMEDIATE'));
  }
}

export class NodeSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase;

  constructor(db: DatabaseSync) {
    const database = kyselySqliteDatabase(db);
    super({ database });
    this.#database = database;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database });
  }
}
