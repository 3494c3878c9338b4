import GRDB

/// The registry's tables, created and upgraded by GRDB's migrator: one
/// migration per layout change, applied once per database, in order.
enum RegistrySchema {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE artifact (id TEXT PRIMARY KEY NOT NULL, card TEXT NOT NULL, added TEXT NOT NULL);
          CREATE TABLE version (
            model TEXT NOT NULL, number INTEGER NOT NULL CHECK (number > 0),
            artifact TEXT NOT NULL REFERENCES artifact(id),
            note TEXT NOT NULL, added TEXT NOT NULL, PRIMARY KEY (model, number));
          CREATE TABLE alias (
            model TEXT NOT NULL, name TEXT NOT NULL, number INTEGER NOT NULL,
            PRIMARY KEY (model, name), FOREIGN KEY (model, number) REFERENCES version(model, number));
          CREATE TABLE event (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, actor TEXT NOT NULL,
            kind TEXT NOT NULL, model TEXT NOT NULL, alias TEXT, from_version INTEGER,
            to_version INTEGER NOT NULL, reason TEXT NOT NULL);
          CREATE INDEX event_model ON event(model, alias);
          """)
    }
    return migrator
  }
}
