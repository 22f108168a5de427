//! Form widgets: labelled fields with their errors, the error summary, the live
//! password rules. Errors show next to each field and in a summary at the top.

use crate::i18n::{Lang, use_i18n};
use leptos::prelude::*;
use portal_shared::i18n::web;
use portal_shared::password::PasswordRule;
use portal_shared::{FieldError, WireCode};

/// Client-side rule results, server answers, and which fields the person has left.
#[derive(Clone, Copy)]
pub struct FormState {
    client: Memo<Vec<FieldError>>,
    pub server: RwSignal<Vec<FieldError>>,
    touched: RwSignal<Vec<String>>,
    pub submitted: RwSignal<bool>,
}

impl FormState {
    /// `client` runs the shared rules over the current values.
    pub fn new(client: impl Fn() -> Vec<FieldError> + Send + Sync + 'static) -> Self {
        Self {
            client: Memo::new(move |_| client()),
            server: RwSignal::new(Vec::new()),
            touched: RwSignal::new(Vec::new()),
            submitted: RwSignal::new(false),
        }
    }

    /// Errors to show next to `field`.
    pub fn errors_for(self, field: &'static str) -> Signal<Vec<FieldError>> {
        self.errors_for_name(field.to_owned())
    }

    /// Errors to show next to a field whose name is built at run time (`answers.deported`).
    pub fn errors_for_name(self, field: String) -> Signal<Vec<FieldError>> {
        Signal::derive(move || {
            let field = field.as_str();
            let shown = self.submitted.get() || self.touched.with(|t| t.iter().any(|f| f == field));
            let mut errors: Vec<FieldError> = if shown {
                self.client
                    .with(|all| all.iter().filter(|e| e.field == field).cloned().collect())
            } else {
                Vec::new()
            };
            for error in self.server.with(|all| {
                all.iter()
                    .filter(|e| e.field == field)
                    .cloned()
                    .collect::<Vec<_>>()
            }) {
                if !errors.iter().any(|e| e.code == error.code) {
                    errors.push(error);
                }
            }
            errors
        })
    }

    /// Everything for the summary at the top.
    pub fn summary(self) -> Signal<Vec<FieldError>> {
        Signal::derive(move || {
            let mut errors = if self.submitted.get() {
                self.client.get()
            } else {
                Vec::new()
            };
            for error in self.server.get() {
                if !errors
                    .iter()
                    .any(|e| e.field == error.field && e.code == error.code)
                {
                    errors.push(error);
                }
            }
            errors
        })
    }

    /// Starts a submission: keeps the browser from posting the form, and answers whether
    /// to go on — not while another submission runs, nor while rules are broken (then the
    /// page scrolls up to the error summary).
    pub fn try_submit(self, ev: &leptos::ev::SubmitEvent, busy: RwSignal<bool>) -> bool {
        ev.prevent_default();
        self.submitted.set(true);
        if busy.get_untracked() {
            return false;
        }
        if !self.client.get_untracked().is_empty() {
            if let Some(window) = web_sys::window() {
                window.scroll_to_with_x_and_y(0.0, 0.0);
            }
            return false;
        }
        true
    }

    pub fn touch(self, field: &str) {
        if !self
            .touched
            .with_untracked(|t| t.iter().any(|f| f == field))
        {
            self.touched.update(|t| t.push(field.to_owned()));
        }
    }

    /// The person changed `field`: the server's old verdict on it no longer holds.
    pub fn edited(self, field: &str) {
        if self
            .server
            .with_untracked(|s| s.iter().any(|e| e.field == field))
        {
            self.server.update(|s| s.retain(|e| e.field != field));
        }
    }
}

/// The HTML id of a field's input (`captcha.answer` → `captcha-answer`).
pub fn input_id(field: &str) -> String {
    field.replace(['.', '_'], "-")
}

#[component]
pub fn FieldErrors(field: &'static str, errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let i = use_i18n();
    let id = format!("{}-error", input_id(field));
    view! {
        <div id=id class="field-errors" aria-live="polite">
            {move || {
                errors
                    .get()
                    .into_iter()
                    .map(|e| {
                        view! {
                            <p class="field-error">
                                <span aria-hidden="true">"✖ "</span>
                                {e.code.message(i.locale())}
                            </p>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

/// A labelled input bound to `value`.
#[component]
pub fn TextField(
    form: FormState,
    field: &'static str,
    label: fn(Lang) -> &'static str,
    value: RwSignal<String>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = true)] required: bool,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<fn(Lang) -> &'static str>,
    #[prop(optional)] max_length: Option<u32>,
) -> impl IntoView {
    let i = use_i18n();
    let id = input_id(field);
    let errors = form.errors_for(field);
    let has_error = move || !errors.get().is_empty();
    let is_valid = move || !has_error() && !value.get().trim().is_empty();
    let hint_id = format!("{id}-hint");
    let described_by = format!(
        "{id}-error{}",
        if hint.is_some() {
            format!(" {hint_id}")
        } else {
            String::new()
        }
    );
    view! {
        <div class="field" class:field-invalid=has_error class:field-valid=is_valid class:field-required=required>
            <label for=id.clone()>
                {move || i.text(label)}
                {required.then(|| view! { <span class="required-mark" aria-hidden="true">" *"</span> })}
                <span class="field-state" aria-hidden="true">{move || if is_valid() { " ✔" } else { "" }}</span>
            </label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{move || i.text(hint)}</p> })}
            <input
                id=id.clone()
                name=field
                type=input_type
                autocomplete=autocomplete
                maxlength=max_length.map(|m| m.to_string())
                aria-required=required.to_string()
                aria-invalid=move || has_error().to_string()
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    form.edited(field);
                }
                on:blur=move |_| form.touch(field)
            />
            <FieldErrors field=field errors=errors/>
        </div>
    }
}

/// A labelled select bound to `value`; options are (code, Spanish, English).
#[component]
pub fn SelectField(
    form: FormState,
    field: &'static str,
    label: fn(Lang) -> &'static str,
    value: RwSignal<String>,
    options: SelectOptions,
    #[prop(default = true)] required: bool,
) -> impl IntoView {
    let i = use_i18n();
    let id = input_id(field);
    let errors = form.errors_for(field);
    let has_error = move || !errors.get().is_empty();
    let is_valid = move || !has_error() && !value.get().is_empty();
    let options = StoredValue::new(options);
    view! {
        <div class="field" class:field-invalid=has_error class:field-valid=is_valid class:field-required=required>
            <label for=id.clone()>
                {move || i.text(label)}
                {required.then(|| view! { <span class="required-mark" aria-hidden="true">" *"</span> })}
                <span class="field-state" aria-hidden="true">{move || if is_valid() { " ✔" } else { "" }}</span>
            </label>
            <select
                id=id.clone()
                name=field
                aria-required=required.to_string()
                aria-invalid=move || has_error().to_string()
                aria-describedby=format!("{id}-error")
                prop:value=move || value.get()
                on:change=move |ev| {
                    value.set(event_target_value(&ev));
                    form.edited(field);
                    form.touch(field);
                }
            >
                <option value="">{move || i.text(web::choose)}</option>
                {move || {
                    let lang = i.lang();
                    options
                        .get_value()
                        .into_iter()
                        .map(|option| {
                            let selected = value.get_untracked() == option.code;
                            let name = option.name(lang).to_owned();
                            view! { <option value=option.code selected=selected>{name}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <FieldErrors field=field errors=errors/>
        </div>
    }
}

/// The list of errors at the top of a form, each linking to its field.
#[component]
pub fn ErrorSummary(errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let i = use_i18n();
    view! {
        <Show when=move || !errors.get().is_empty()>
            <div class="error-summary" role="alert" tabindex="-1">
                <h2>{move || i.text(web::there_is_a_problem)}</h2>
                <ul>
                    {move || {
                        errors
                            .get()
                            .into_iter()
                            .map(|e| {
                                let href = format!("#{}", input_id(&e.field));
                                view! { <li><a href=href>{e.code.message(i.locale())}</a></li> }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
        </Show>
    }
}

/// The password policy, each rule ticking green as it is met.
#[component]
pub fn PasswordRules(value: RwSignal<String>) -> impl IntoView {
    let i = use_i18n();
    view! {
        <ul class="password-rules" aria-label=move || i.text(web::password_requirements)>
            {PasswordRule::ALL
                .into_iter()
                .filter(|rule| *rule != PasswordRule::MaxLength)
                .map(|rule| {
                    let met = move || rule.is_met_by(&value.get());
                    view! {
                        <li class:rule-met=met class:rule-unmet=move || !met()>
                            <span aria-hidden="true">{move || if met() { "✔ " } else { "○ " }}</span>
                            {move || rule.label(i.locale())}
                            <span class="visually-hidden">
                                {move || if met() { i.text(web::met) } else { i.text(web::not_met) }}
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// A coloured message box.
#[component]
pub fn Notice(kind: &'static str, children: Children) -> impl IntoView {
    let role = if kind == "error" { "alert" } else { "status" };
    view! { <div class=format!("notice notice-{kind}") role=role>{children()}</div> }
}

/// One option of a select: its code and its name in each language of `Lang::ALL`.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectOption {
    pub code: String,
    names: Vec<String>,
}

impl SelectOption {
    /// An option named by a data file in Spanish and English (countries, ports,
    /// airlines): a language the catalogs add reads the Spanish name.
    pub fn data(code: impl Into<String>, es: impl Into<String>, en: impl Into<String>) -> Self {
        let (es, en) = (es.into(), en.into());
        let names = Lang::ALL
            .iter()
            .map(|lang| {
                if *lang == Lang::En {
                    en.clone()
                } else {
                    es.clone()
                }
            })
            .collect();
        Self {
            code: code.into(),
            names,
        }
    }

    /// Its name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        let index = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
        self.names.get(index).map_or("", String::as_str)
    }
}

/// Options of a select.
pub type SelectOptions = Vec<SelectOption>;

/// Options from a catalog of wire codes.
pub fn code_options<T: WireCode>(
    codes: &[T],
    label: fn(T, portal_shared::i18n::Locale) -> &'static str,
) -> SelectOptions {
    use portal_shared::i18n::Locale;
    codes
        .iter()
        .map(|c| SelectOption {
            code: c.as_str().to_owned(),
            names: Locale::ALL
                .iter()
                .map(|l| label(*c, *l).to_owned())
                .collect(),
        })
        .collect()
}

/// Country calling codes (`+57`), each shown with its country.
pub fn calling_code_options() -> SelectOptions {
    let mut options: SelectOptions = portal_shared::catalogs::countries()
        .iter()
        .filter(|c| !c.calling_code.is_empty())
        .map(|c| {
            SelectOption::data(
                c.calling_code.clone(),
                format!("{} ({})", c.name_es, c.calling_code),
                format!("{} ({})", c.name_en, c.calling_code),
            )
        })
        .collect();
    options.dedup_by(|a, b| a.code == b.code);
    options
}

/// Every country, by ISO alpha-3 code.
pub fn country_options() -> SelectOptions {
    portal_shared::catalogs::countries()
        .iter()
        .map(|c| SelectOption::data(c.alpha3.clone(), c.name_es.clone(), c.name_en.clone()))
        .collect()
}
