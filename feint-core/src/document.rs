//! An open operation file: the store plus the operations on it that the app and the CLI share.

use std::path::Path;

use crate::error::Result;
use crate::operation::{self, Operation, OperationPatch};
use crate::store::Store;

pub struct Document {
    store: Store,
}

impl Document {
    /// Creates a new operation file at `path` (refusing to overwrite) holding a fresh operation.
    pub fn create(path: &Path, name: &str) -> Result<Document> {
        let op = Operation::new(name, &crate::catalog::builtin().version)?;
        Self::create_with(path, &op)
    }

    /// Creates a new operation file holding `op` as given (IDs and times kept).
    pub fn create_with(path: &Path, op: &Operation) -> Result<Document> {
        op.validate()?;
        let mut store = Store::create(path)?;
        if let Err(err) = store.with_tx(|tx| operation::save(tx, op)) {
            drop(store);
            crate::store::remove_operation_file(path);
            return Err(err);
        }
        Ok(Document { store })
    }

    pub fn open(path: &Path) -> Result<Document> {
        let store = Store::open(path)?;
        // A file without its operation record is refused here, not on the first edit.
        operation::load(store.conn())?;
        Ok(Document { store })
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    pub fn operation(&self) -> Result<Operation> {
        operation::load(self.store.conn())
    }

    pub fn update_operation(&mut self, patch: OperationPatch) -> Result<Operation> {
        operation::update(&mut self.store, patch)
    }

    /// Copies the operation to a new file and returns that file, open.
    pub fn save_as(&self, dest: &Path) -> Result<Document> {
        self.store.copy_to(dest)?;
        Document::open(dest)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }
}
