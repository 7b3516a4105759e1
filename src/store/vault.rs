//! The store as the webex token manager's vault: encrypted token blobs and the refresh lease.

use std::time::Duration;

use crate::webex::token::{TokenVault, VaultError};

use super::{Store, StoreError};

impl From<StoreError> for VaultError {
    fn from(e: StoreError) -> Self {
        VaultError(e.to_string())
    }
}

#[async_trait::async_trait]
impl TokenVault for Store {
    async fn load(&self, key: &str) -> Result<Option<Vec<u8>>, VaultError> {
        Ok(self.load_secret_blob(key).await?)
    }

    async fn save(&self, key: &str, blob: &[u8]) -> Result<(), VaultError> {
        Ok(self.save_secret_blob(key, blob).await?)
    }

    async fn try_acquire_lease(
        &self,
        name: &str,
        holder: &str,
        ttl: Duration,
    ) -> Result<bool, VaultError> {
        Ok(Store::try_acquire_lease(self, name, holder, ttl).await?)
    }

    async fn release_lease(&self, name: &str, holder: &str) -> Result<(), VaultError> {
        Ok(Store::release_lease(self, name, holder).await?)
    }
}
