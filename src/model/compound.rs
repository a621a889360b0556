//! Where field-level security lives for fields that are parts of another field.
//!
//! Profiles and permission sets grant FLS on a compound field, never on its components:
//! `Account.BillingAddress`, not `Account.BillingCity` (Object Reference, "Address
//! Compound Fields" and "Geolocation Compound Field"). Custom geolocation and custom
//! address fields (`Site__Latitude__s`, `Home__City__s`) are parts of `Site__c`/`Home__c`.
//! Person-account fields on Account (`Account.Hobby__pc`, `Account.PersonMailingCity`)
//! are Contact fields, whose FLS lives on Contact (Salesforce Help, "Person Account
//! Fields").

use std::borrow::Cow;

/// The parts of an address compound field (after the prefix: `Billing` + `City`).
const ADDRESS_PARTS: &[&str] = &[
    "Street",
    "City",
    "State",
    "PostalCode",
    "Country",
    "StateCode",
    "CountryCode",
    "Latitude",
    "Longitude",
    "GeocodeAccuracy",
];

/// Standard objects and the prefixes of their address compound fields (`""`: the
/// compound is `Address`, its parts `Street`, `City`, …), per the Object Reference.
const ADDRESSES: &[(&str, &[&str])] = &[
    ("Account", &["Billing", "Shipping"]),
    ("Contact", &["Mailing", "Other"]),
    ("Lead", &[""]),
    ("User", &[""]),
    ("Organization", &[""]),
    ("Order", &["Billing", "Shipping"]),
    ("Contract", &["Billing", "Shipping"]),
    ("Quote", &["Billing", "Shipping", "QuoteTo", "Additional"]),
    ("ServiceContract", &["Billing", "Shipping"]),
    ("WorkOrder", &[""]),
    ("WorkOrderLineItem", &[""]),
    ("ServiceAppointment", &[""]),
    ("ServiceTerritory", &[""]),
    ("ServiceTerritoryMember", &[""]),
    ("ResourceAbsence", &[""]),
    ("ContactPointAddress", &[""]),
];

/// Parts of a custom address field (`Home__City__s`) or a custom geolocation field
/// (`Site__Latitude__s`): the `__s` suffix marks them.
const CUSTOM_PARTS: &[&str] = &[
    "Street",
    "City",
    "PostalCode",
    "StateCode",
    "CountryCode",
    "Latitude",
    "Longitude",
    "GeocodeAccuracy",
];

/// The field whose FLS covers `object.field`: the compound field for a component, the
/// Contact field for a person-account field. Other fields come back unchanged.
///
/// `("Account", "BillingCity")` -> `("Account", "BillingAddress")`,
/// `("Lead", "PostalCode")` -> `("Lead", "Address")`,
/// `("Store__c", "Site__Latitude__s")` -> `("Store__c", "Site__c")`,
/// `("Account", "Hobby__pc")` -> `("Contact", "Hobby__c")`,
/// `("Account", "PersonMailingCity")` -> `("Contact", "MailingAddress")`.
pub fn permissioned<'a>(object: &'a str, field: &'a str) -> (Cow<'a, str>, Cow<'a, str>) {
    if object.eq_ignore_ascii_case("Account") {
        if let Some(base) = strip_suffix_ci(field, "__pc") {
            return (Cow::Borrowed("Contact"), Cow::Owned(format!("{base}__c")));
        }
        if let Some(rest) = strip_prefix_ci(field, "Person")
            && let Some(compound) = standard_part("Contact", rest)
        {
            return (Cow::Borrowed("Contact"), Cow::Owned(compound));
        }
    }
    if let Some(compound) = custom_part(field) {
        return (Cow::Borrowed(object), Cow::Owned(compound));
    }
    if let Some(compound) = standard_part(object, field) {
        return (Cow::Borrowed(object), Cow::Owned(compound));
    }
    (Cow::Borrowed(object), Cow::Borrowed(field))
}

/// `BillingCity` on Account -> `BillingAddress`.
fn standard_part(object: &str, field: &str) -> Option<String> {
    let (_, prefixes) = ADDRESSES
        .iter()
        .find(|(o, _)| o.eq_ignore_ascii_case(object))?;
    prefixes.iter().find_map(|prefix| {
        let part = strip_prefix_ci(field, prefix)?;
        ADDRESS_PARTS
            .iter()
            .any(|p| p.eq_ignore_ascii_case(part))
            .then(|| format!("{prefix}Address"))
    })
}

/// `Site__Latitude__s` -> `Site__c`; `ns__Site__Latitude__s` -> `ns__Site__c`.
fn custom_part(field: &str) -> Option<String> {
    let stem = strip_suffix_ci(field, "__s")?;
    let (base, part) = stem.rsplit_once("__")?;
    (!base.is_empty() && CUSTOM_PARTS.iter().any(|p| p.eq_ignore_ascii_case(part)))
        .then(|| format!("{base}__c"))
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    (s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix))
    .then(|| &s[prefix.len()..])
}

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    (cut > 0 && s.is_char_boundary(cut) && s[cut..].eq_ignore_ascii_case(suffix)).then(|| &s[..cut])
}

#[cfg(test)]
mod tests {
    use super::permissioned;

    fn p(object: &str, field: &str) -> String {
        let (o, f) = permissioned(object, field);
        format!("{o}.{f}")
    }

    #[test]
    fn standard_address_components_map_to_their_compound() {
        assert_eq!(p("Account", "BillingCity"), "Account.BillingAddress");
        assert_eq!(p("account", "shippinglatitude"), "account.ShippingAddress");
        assert_eq!(
            p("Account", "BillingGeocodeAccuracy"),
            "Account.BillingAddress"
        );
        assert_eq!(p("Contact", "MailingStateCode"), "Contact.MailingAddress");
        assert_eq!(p("Contact", "OtherStreet"), "Contact.OtherAddress");
        assert_eq!(p("Lead", "PostalCode"), "Lead.Address");
        assert_eq!(p("User", "Country"), "User.Address");
        assert_eq!(p("Quote", "QuoteToCity"), "Quote.QuoteToAddress");
        assert_eq!(p("Quote", "AdditionalStreet"), "Quote.AdditionalAddress");
        assert_eq!(p("WorkOrder", "Longitude"), "WorkOrder.Address");
    }

    #[test]
    fn other_fields_are_unchanged() {
        assert_eq!(p("Account", "Name"), "Account.Name");
        // Contact has no unprefixed address, Account no Mailing address.
        assert_eq!(p("Contact", "City"), "Contact.City");
        assert_eq!(p("Account", "MailingCity"), "Account.MailingCity");
        assert_eq!(p("Account", "BillingAddress"), "Account.BillingAddress");
        assert_eq!(p("Opportunity", "BillingCity"), "Opportunity.BillingCity");
        assert_eq!(p("Account", "City__c"), "Account.City__c");
        assert_eq!(p("Account", "__s"), "Account.__s");
        assert_eq!(p("Account", "Latitude__s"), "Account.Latitude__s");
    }

    #[test]
    fn custom_geolocation_and_address_parts() {
        assert_eq!(p("Store__c", "Site__Latitude__s"), "Store__c.Site__c");
        assert_eq!(p("Store__c", "Site__longitude__S"), "Store__c.Site__c");
        assert_eq!(p("Account", "ns__Home__City__s"), "Account.ns__Home__c");
        assert_eq!(p("Store__c", "Site__Other__s"), "Store__c.Site__Other__s");
    }

    #[test]
    fn person_account_fields_are_contact_fields() {
        assert_eq!(p("Account", "Hobby__pc"), "Contact.Hobby__c");
        assert_eq!(p("Account", "ns__Hobby__pc"), "Contact.ns__Hobby__c");
        assert_eq!(p("Account", "PersonMailingCity"), "Contact.MailingAddress");
        assert_eq!(p("Account", "PersonOtherLatitude"), "Contact.OtherAddress");
        assert_eq!(p("Account", "PersonEmail"), "Account.PersonEmail");
        assert_eq!(p("Contact", "Hobby__pc"), "Contact.Hobby__pc");
    }
}
