//! Who is logged in. The access token lives only in memory; on load the HttpOnly
//! refresh cookie restores it.

use crate::api::{self, ApiError};
use crate::i18n::storage;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_shared::ErrorCode;
use portal_shared::accounts::{AccountInfo, Role};

#[derive(Clone, Copy)]
pub struct Session {
    pub token: RwSignal<Option<String>>,
    pub account: RwSignal<Option<AccountInfo>>,
    /// False until the first refresh attempt has finished.
    pub ready: RwSignal<bool>,
    /// An officer's console opened with no network: the account is the one kept from the
    /// last login on this device, with no token until the network is back.
    pub offline: RwSignal<bool>,
}

impl Session {
    pub fn new() -> Self {
        Self {
            token: RwSignal::new(None),
            account: RwSignal::new(None),
            ready: RwSignal::new(false),
            offline: RwSignal::new(false),
        }
    }

    /// Tries the refresh cookie once at start, when this browser had a session.
    pub fn restore(self) {
        if !had_session() {
            self.ready.set(true);
            return;
        }
        spawn_local(async move {
            match api::refresh().await {
                Ok(token) => self.start(token.access_token).await,
                Err(ApiError::Network) => {
                    if let Some(account) = kept_officer() {
                        self.account.set(Some(account));
                        self.offline.set(true);
                    }
                }
                Err(_) => remember_session(false),
            }
            self.ready.set(true);
        });
    }

    /// Keeps a new access token and loads the account.
    pub async fn start(self, access_token: String) {
        remember_session(true);
        if let Ok(account) = api::me(&access_token).await {
            keep_officer(&account);
            self.account.set(Some(account));
        }
        self.offline.set(false);
        self.token.set(Some(access_token));
    }

    /// Where this account starts: officers at their console, operators at the audit log.
    pub fn home_path(&self) -> &'static str {
        match self.account.get_untracked().map(|a| a.role) {
            Some(Role::Officer) => "/oficial",
            Some(Role::Operator) => "/operador",
            Some(Role::Traveler) | None => "/",
        }
    }

    pub fn is_logged_in(&self) -> bool {
        self.token.get().is_some()
    }

    /// Logged in, or an officer's console opened offline.
    pub fn may_show_pages(&self) -> bool {
        self.is_logged_in() || self.offline.get()
    }

    pub fn clear(self) {
        remember_session(false);
        forget_officer();
        self.offline.set(false);
        self.token.set(None);
        self.account.set(None);
    }

    /// Runs an authenticated call; on 401 refreshes the access token once and retries.
    pub async fn call<T, F, Fut>(self, request: F) -> Result<T, ApiError>
    where
        F: Fn(String) -> Fut,
        Fut: std::future::Future<Output = Result<T, ApiError>>,
    {
        let token = self.token.get_untracked().unwrap_or_default();
        match request(token).await {
            Err(error) if error.code() == Some(ErrorCode::Unauthorized) => {
                match api::refresh().await {
                    Ok(fresh) => {
                        self.offline.set(false);
                        self.token.set(Some(fresh.access_token.clone()));
                        request(fresh.access_token).await
                    }
                    Err(_) => {
                        self.clear();
                        Err(error)
                    }
                }
            }
            other => other,
        }
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// The refresh cookie is HttpOnly, so the app keeps a plain hint that one may exist and
/// spares a refresh call (and its 401) to people who never logged in here.
const SESSION_HINT_KEY: &str = "portal.session";

fn had_session() -> bool {
    storage()
        .and_then(|s| s.get_item(SESSION_HINT_KEY).ok().flatten())
        .is_some()
}

fn remember_session(present: bool) {
    if let Some(storage) = storage() {
        let _ = if present {
            storage.set_item(SESSION_HINT_KEY, "1")
        } else {
            storage.remove_item(SESSION_HINT_KEY)
        };
    }
}

/// The officer's account, kept on the device so that the console opens with no network.
/// Only officers': a traveler has nothing to do offline.
const OFFICER_KEY: &str = "portal.officer.account";

fn keep_officer(account: &AccountInfo) {
    if account.role != Role::Officer {
        return;
    }
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(account)) {
        let _ = storage.set_item(OFFICER_KEY, &json);
    }
}

fn kept_officer() -> Option<AccountInfo> {
    storage()
        .and_then(|s| s.get_item(OFFICER_KEY).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
}

fn forget_officer() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(OFFICER_KEY);
    }
}
