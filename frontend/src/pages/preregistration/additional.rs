//! Step 2, Información Adicional.

use super::*;
use portal_shared::i18n::web;

#[component]
pub(super) fn AdditionalStep(
    draft: Preregistration,
    on_saved: Callback<Preregistration>,
    on_back: Callback<()>,
) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let kept = draft.additional.clone().unwrap_or_default();
    let origin_contact_name = RwSignal::new(kept.origin_contact_name.clone());
    let origin_contact_phone_country_code =
        RwSignal::new(if kept.origin_contact_phone_country_code.is_empty() {
            "+57".to_owned()
        } else {
            kept.origin_contact_phone_country_code.clone()
        });
    let origin_contact_phone = RwSignal::new(kept.origin_contact_phone.clone());
    let mexico_contact_name = RwSignal::new(kept.mexico_contact_name.clone());
    let mexico_contact_phone = RwSignal::new(kept.mexico_contact_phone.clone());
    let resident_card_number = RwSignal::new(kept.resident_card_number.clone());
    let resident_card_expiry = RwSignal::new(
        kept.resident_card_expiry
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let exit_type = RwSignal::new(kept.exit_type.as_str().to_owned());
    let variant = StoredValue::new(draft.variant);
    let draft_id = StoredValue::new(draft.id.clone());
    let busy = RwSignal::new(false);
    let message: FormMessage = RwSignal::new(None);
    let request = move || AdditionalInformation {
        exit_type: exit_type.get().as_str().into(),
        origin_contact_name: origin_contact_name.get(),
        origin_contact_phone_country_code: origin_contact_phone_country_code.get(),
        origin_contact_phone: origin_contact_phone.get(),
        mexico_contact_name: mexico_contact_name.get(),
        mexico_contact_phone: mexico_contact_phone.get(),
        resident_card_number: resident_card_number.get(),
        resident_card_expiry: date(&resident_card_expiry.get()),
    };
    let form = FormState::new(move || {
        request()
            .check(variant.get_value(), today_in_mexico())
            .err()
            .unwrap_or_default()
    });
    let step = Step {
        session,
        form,
        busy,
        message,
        draft_id,
        on_saved,
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        submit_step(&ev, step, request, |token, id, body| async move {
            api::save_additional(&token, &id, &body).await
        });
    };
    let calling_codes = calling_code_options();
    let is_resident = variant.get_value() == Variant::Nue;
    view! {
        <h2>{move || i.text(web::n_2_additional_information)}</h2>
        <p class="lead">{move || i.text(web::tell_us_whom_we_can_reach)}</p>
        <ErrorSummary errors=form.summary()/>
        {move || message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
        <form class="form" novalidate=true on:submit=on_submit>
            <div class="grid">
                <TextField form=form field="origin_contact_name" label=web::contact_in_your_country_of_origin value=origin_contact_name max_length=100/>
                <SelectField form=form field="origin_contact_phone_country_code" label=web::contact_s_calling_code value=origin_contact_phone_country_code options=calling_codes/>
                <TextField form=form field="origin_contact_phone" label=web::contact_s_phone value=origin_contact_phone input_type="tel" max_length=15
                    hint=web::digits_only/>
                <TextField form=form field="mexico_contact_name" label=web::contact_in_mexico_person_or_hotel value=mexico_contact_name max_length=100/>
                <TextField form=form field="mexico_contact_phone" label=web::phone_in_mexico value=mexico_contact_phone input_type="tel" max_length=10
                    hint=web::n_10_digits/>
                <SelectField form=form field="exit_type" label=web::exit_type value=exit_type options=code_options(ExitType::ALL, ExitType::label)/>
                {is_resident.then(|| view! {
                    <TextField form=form field="resident_card_number" label=web::resident_card_number value=resident_card_number max_length=20/>
                    <TextField form=form field="resident_card_expiry" label=web::resident_card_expiry value=resident_card_expiry input_type="date"/>
                })}
            </div>
            <StepActions busy=busy on_back=on_back/>
        </form>
    }
}
