//! Write a synthetic SFDX org for benchmarks, deterministically from a seed and a size.
//!
//! ```text
//! cargo run --release --example gen -- --seed 42 --size 100M --out /tmp/org
//! ```
//!
//! Sizes take a `K`, `M` or `G` suffix (powers of 1024) or are plain bytes. The output
//! folder must not exist or be empty. Generation stops once the bytes written reach the
//! size, so the result is the size plus at most one file.
//!
//! The org is shaped like retrieved metadata (the SFDX source layout):
//!
//! * `sfdx-project.json` with one package directory, `force-app`;
//! * field definitions `objects/<Obj>/fields/<F>.field-meta.xml` (text, number, picklist,
//!   lookup, master-detail, formula, required; some with `securityClassification` and
//!   `complianceGroup`) and `<Obj>.object-meta.xml` for custom objects;
//! * CRM Analytics dataflows `wave/<D>.wdf` in the retrieved array form
//!   `["<escaped JSON>",null]`, with `sfdcDigest`/`sobjectDigest`, `augment`,
//!   `computeExpression`, `filter` and `sfdcRegister` nodes, and their `.wdf-meta.xml`;
//! * profiles of about 2.5 MB each, elements in the order Salesforce retrieves them:
//!   `applicationVisibilities`, `classAccesses`, `custom`, `customPermissions`,
//!   `fieldPermissions`, `layoutAssignments`, `objectPermissions`, `pageAccesses`,
//!   `recordTypeVisibilities`, `tabVisibilities`, `userLicense`, `userPermissions`;
//!   among them `Analytics Cloud Integration User` (the CRM Analytics integration
//!   profile) and a guest profile;
//! * permission sets, about half as many as profiles and much smaller.
//!
//! For 1G the mix is about 400 profiles, 200 permission sets, 20,000 fields and 200
//! dataflows; smaller sizes scale the counts down proportionally.
//!
//! A few findings are planted so that the rules have work to report: an editable formula
//! field, a duplicate field permission, an edit-without-read entry, a permission for a
//! required field and for an undefined field, dataflow reads the integration profile
//! denies or does not grant, an object it cannot read, and classification problems.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
const PKG: &str = "force-app/main/default";
const INTEGRATION_PROFILE: &str = "Analytics Cloud Integration User";
const GUEST_PROFILE: &str = "Guest License User";

// ---------------------------------------------------------------------------------------
// Randomness: splitmix64, enough for shaping test data.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 11) as u128 * n as u128) >> 53) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `n` around `mean`, within ±`spread` (a fraction).
    fn around(&mut self, mean: usize, spread: f64) -> usize {
        let f = 1.0 + spread * (2.0 * self.unit() - 1.0);
        ((mean as f64) * f).round().max(1.0) as usize
    }
}

// ---------------------------------------------------------------------------------------
// Vocabulary. No word here matches sflint's sensitive-name patterns (ssn, birth, salary,
// tax id, bank account, ...): those appear only in the planted fields.

#[rustfmt::skip]
const WORDS: &[&str] = &[
    "Account", "Region", "Tier", "Status", "Score", "Segment", "Channel", "Priority",
    "Renewal", "Contract", "Billing", "Shipping", "Discount", "Margin", "Quota", "Forecast",
    "Territory", "Partner", "Vendor", "Product", "Service", "Support", "Escalation",
    "Survey", "Rating", "Source", "Campaign", "Budget", "Revenue", "Cost", "Invoice",
    "Payment", "Order", "Delivery", "Warehouse", "Inventory", "Asset", "License", "Usage",
    "Health", "Risk", "Stage", "Owner", "Approval", "Review", "Audit", "Market", "Language",
    "Country", "City", "Postal", "Website", "Note", "Reason", "Category", "Code", "Number",
    "Amount", "Count", "Percent", "Level", "Index", "Version", "Target", "Goal", "Plan",
    "Program", "Project", "Task", "Milestone", "Release", "Feature", "Defect", "Ticket",
    "Queue", "Team", "Member", "Role", "Policy", "Claim", "Coverage", "Premium", "Quote",
    "Bundle", "Offer", "Promotion", "Loyalty", "Reward", "Visit", "Route", "Fleet",
    "Vehicle", "Device", "Sensor", "Reading", "Meter", "Site", "Facility", "Room", "Shift",
    "Schedule", "Slot", "Window", "Term", "Period", "Cycle", "Batch", "Lot", "Serial",
    "Model", "Brand", "Line", "Family", "Group", "Cluster", "Zone",
];

#[rustfmt::skip]
const STANDARD_OBJECTS: &[&str] = &[
    "Account", "Asset", "Campaign", "CampaignMember", "Case", "Contact", "Contract",
    "ContractLineItem", "Entitlement", "Event", "Idea", "Individual", "Lead", "Location",
    "Opportunity", "OpportunityLineItem", "Order", "OrderItem", "Pricebook2", "Product2",
    "ProductItem", "ProductRequest", "ProductTransfer", "Quote", "QuoteLineItem",
    "ReturnOrder", "ServiceAppointment", "ServiceContract", "ServiceResource",
    "ServiceTerritory", "Shipment", "Solution", "Task", "User", "WorkOrder",
    "WorkOrderLineItem", "WorkType", "Skill", "OperatingHours", "TimeSheet",
];

/// Standard objects that get custom fields of the project.
const EXTENDED_OBJECTS: &[&str] = &["Account", "Contact", "Opportunity", "Case", "Lead"];

#[rustfmt::skip]
const STANDARD_FIELDS: &[&str] = &[
    "AccountNumber", "AccountSource", "ActivityDate", "AnnualRevenue", "AssistantName",
    "BillingCity", "BillingCountry", "BillingPostalCode", "BillingState", "BillingStreet",
    "CampaignId", "CloseDate", "ContactId", "CurrencyIsoCode", "Department", "Description",
    "Email", "EndDate", "ExpectedRevenue", "Fax", "FirstName", "ForecastCategoryName",
    "HasOptedOutOfEmail", "Industry", "IsClosed", "IsWon", "Jigsaw", "LastName",
    "LeadSource", "MailingCity", "MailingCountry", "MailingPostalCode", "MailingState",
    "MailingStreet", "MobilePhone", "NextStep", "NumberOfEmployees", "Origin", "OwnerId",
    "ParentId", "Phone", "Priority", "Probability", "Rating", "Reason", "ShippingCity",
    "ShippingCountry", "ShippingPostalCode", "ShippingState", "ShippingStreet", "Sic",
    "Site", "StageName", "StartDate", "Status", "Subject", "TickerSymbol", "Title", "Type",
    "Website",
];

const NAMESPACES: &[&str] = &["vlocity_cmt", "FSL", "npsp", "et4ae5", "sfdc_checkout"];

#[rustfmt::skip]
const DEPARTMENTS: &[&str] = &[
    "Sales", "Service", "Marketing", "Finance", "Operations", "Support", "Partner", "Field",
    "Inside Sales", "Channel", "Regional", "Global", "Retail", "Wholesale", "Logistics",
    "Legal", "Procurement", "Billing", "Renewals", "Onboarding",
];

#[rustfmt::skip]
const ROLES: &[&str] = &[
    "User", "Manager", "Agent", "Analyst", "Representative", "Lead", "Director",
    "Specialist", "Coordinator", "Executive", "Dispatcher", "Technician", "Planner",
];

#[rustfmt::skip]
const USER_PERMISSIONS: &[&str] = &[
    "ActivateContract", "ActivateOrder", "AllowUniversalSearch", "AllowViewKnowledge",
    "ApiEnabled", "AssignPermissionSets", "AssignTopics", "BulkApiHardDelete",
    "ChatterEditOwnPost", "ChatterFileLink", "ChatterInternalUser",
    "ChatterInviteExternalUsers", "ChatterOwnGroups", "ConnectOrgToEnvironmentHub",
    "ConsentApiUpdate", "ContentAdministrator", "ContentWorkspaces", "ConvertLeads",
    "CreateCustomizeDashboards", "CreateCustomizeFilters", "CreateCustomizeReports",
    "CreateDashboardFolders", "CreatePackaging", "CreateReportFolders", "CreateTopics",
    "CreateWorkspaces", "CustomizeApplication", "DataExport", "DelegatedTwoFactor",
    "DeleteActivatedContract", "DeleteTopics", "DistributeFromPersWksp",
    "EditActivatedOrders", "EditBillingInfo", "EditBrandTemplates", "EditCaseComments",
    "EditEvent", "EditHtmlTemplates", "EditKnowledge", "EditMyDashboards", "EditMyReports",
    "EditOppLineItemUnitPrice", "EditPublicDocuments", "EditPublicFilters",
    "EditPublicTemplates", "EditReadonlyFields", "EditTask", "EditTopics",
    "EmailAdministration", "EmailMass", "EmailSingle", "EnableCommunityAppLauncher",
    "EnableNotifications", "ExportReport", "FieldServiceAccess", "GiveRecognitionBadge",
    "ImportCustomObjects", "ImportLeads", "ImportPersonal", "InstallPackaging",
    "LightningConsoleAllowedForUser", "LightningExperienceUser", "ListEmailSend",
    "ManageAnalyticSnapshots", "ManageAuthProviders", "ManageBusinessHourHolidays",
    "ManageCallCenters", "ManageCases", "ManageCategories", "ManageCertificates",
    "ManageContentPermissions", "ManageContentProperties", "ManageContentTypes",
    "ManageCustomPermissions", "ManageCustomReportTypes", "ManageDashbdsInPubFolders",
    "ManageDataCategories", "ManageDataIntegrations", "ManageDynamicDashboards",
    "ManageEmailClientConfig", "ManageEncryptionKeys", "ManageExchangeConfig",
    "ManageHealthCheck", "ManageHubConnections", "ManageInteraction", "ManageInternalUsers",
    "ManageIpAddresses", "ManageKnowledge", "ManageKnowledgeImportExport", "ManageLeads",
    "ManageLoginAccessPolicies", "ManageMobile", "ManageNetworks", "ManagePackageLicenses",
    "ManagePasswordPolicies", "ManageProfilesPermissionsets", "ManagePropositions",
    "ManagePvtRptsAndDashbds", "ManageRecommendationStrategies", "ManageRemoteAccess",
    "ManageReportsInPubFolders", "ManageRoles", "ManageSearchPromotionRules",
    "ManageSharing", "ManageSolutions", "ManageSubscriptions", "ManageSynonyms",
    "ManageTranslation", "ManageTwoFactor", "ManageUnlistedGroups", "ManageUsers",
    "MassInlineEdit", "MergeTopics", "ModerateChatter", "ModifyAllData",
    "ModifyDataClassification", "ModifyMetadata", "NewReportBuilder", "OverrideForecasts",
    "Packaging2", "PrivacyDataAccess", "QueryAllFiles", "RemoveDirectMessageMembers",
    "ResetPasswords", "RunReports", "ScheduleJob", "ScheduleReports",
    "SelectFilesFromSalesforce", "SendAnnouncementEmails", "SendSitRequests",
    "ShareInternalArticles", "ShowCompanyNameAsUserBadge", "SolutionImport",
    "SubmitMacrosAllowed", "SubscribeDashboardRolesGrps", "SubscribeDashboardToOtherUsers",
    "SubscribeReportRolesGrps", "SubscribeReportToOtherUsers", "SubscribeReportsRunAsUser",
    "SubscribeToLightningDashboards", "SubscribeToLightningReports",
    "TransactionalEmailSend", "TransferAnyCase", "TransferAnyEntity", "TransferAnyLead",
    "TwoFactorApi", "UseTeamReassignWizards", "UseWebLink", "ViewAllData",
    "ViewAllForecasts", "ViewAllProfiles", "ViewAllUsers", "ViewDataAssessment",
    "ViewDataCategories", "ViewDataLeakageEvents", "ViewDeveloperName", "ViewEventLogFiles",
    "ViewFlowUsageAndFlowEventData", "ViewHealthCheck", "ViewHelpLink", "ViewMLModels",
    "ViewMyTeamsDashboards", "ViewPlatformEvents", "ViewPublicDashboards",
    "ViewPublicReports", "ViewRoles", "ViewSetup", "ViewTrustMeasures", "ViewUserPII",
];

#[rustfmt::skip]
const APPS: &[&str] = &[
    "standard__AllTabSet", "standard__AppLauncher", "standard__Approvals",
    "standard__Chatter", "standard__Community", "standard__Content",
    "standard__DataManager", "standard__FlowsApp", "standard__Insights",
    "standard__LightningSales", "standard__LightningService", "standard__Marketing",
    "standard__Platform", "standard__Sales", "standard__Service",
    "standard__ServiceConsole", "standard__Sites", "standard__Work", "FSL__FieldService",
    "FSL__FieldService_Admin", "Industries_CPQ", "Learning_Home", "Enterprise_Sales",
];

// ---------------------------------------------------------------------------------------
// Output: files under the org root, every byte counted.

pub(crate) struct Out {
    root: PathBuf,
    written: u64,
    files: u64,
}

/// A buffered file that counts what goes through it.
struct Sink {
    w: BufWriter<File>,
    n: u64,
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.w.write(buf)?;
        self.n += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

impl Out {
    fn file(
        &mut self,
        rel: &str,
        body: impl FnOnce(&mut Sink) -> io::Result<()>,
    ) -> io::Result<()> {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        let mut sink = Sink {
            w: BufWriter::with_capacity(1 << 16, File::create(&path)?),
            n: 0,
        };
        body(&mut sink)?;
        sink.flush()?;
        self.written += sink.n;
        self.files += 1;
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// The org's schema.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Type {
    Text,
    Number,
    Currency,
    Percent,
    Checkbox,
    Date,
    DateTime,
    Picklist,
    LongTextArea,
    Lookup,
    MasterDetail,
    Email,
    Phone,
    Url,
}

impl Type {
    fn name(self) -> &'static str {
        match self {
            Type::Text => "Text",
            Type::Number => "Number",
            Type::Currency => "Currency",
            Type::Percent => "Percent",
            Type::Checkbox => "Checkbox",
            Type::Date => "Date",
            Type::DateTime => "DateTime",
            Type::Picklist => "Picklist",
            Type::LongTextArea => "LongTextArea",
            Type::Lookup => "Lookup",
            Type::MasterDetail => "MasterDetail",
            Type::Email => "Email",
            Type::Phone => "Phone",
            Type::Url => "Url",
        }
    }
}

struct FieldDef {
    object: usize,
    name: String,
    label: String,
    ty: Type,
    formula: bool,
    required: bool,
    classification: Option<&'static str>,
    compliance: Option<String>,
    /// Read by dataflows and granted to the integration profile.
    analytics: bool,
}

impl FieldDef {
    /// May appear in `<fieldPermissions>`: not required, not master-detail.
    fn permissionable(&self) -> bool {
        !self.required && self.ty != Type::MasterDetail
    }
    fn high_risk(&self) -> bool {
        matches!(self.classification, Some("Restricted" | "MissionCritical"))
    }
}

struct ObjectDef {
    name: String,
    custom: bool,
    fields: Vec<usize>,
}

/// Fields planted to trigger rules, by index into `Schema::fields`.
#[derive(Default)]
struct Plants {
    /// PM002: granted edit in the first permission set.
    formula_editable: usize,
    /// PM003: listed in the first regular profile.
    required_listed: usize,
    /// IU001: read by dataflow 0, readable=false in the integration profile.
    denied_to_integration: usize,
    /// IU002: read by dataflow 0, not in the integration profile.
    not_granted: usize,
    /// IU003: object read by dataflow 0 that the integration profile cannot read.
    unreadable_object: usize,
    /// DC009: high-risk, readable in every profile that lists it; not in the guest profile.
    label_only: usize,
    /// DC006: high-risk field the guest profile can read.
    guest_readable: usize,
    /// DC004: a high-risk field read by dataflow 0 and granted to the integration profile.
    integration_high_risk: usize,
}

struct Schema {
    objects: Vec<ObjectDef>,
    fields: Vec<FieldDef>,
    plants: Plants,
    /// `Object.Field` entries profiles may list, sorted: project fields (index) or
    /// standard and managed-package fields (name only).
    universe: Vec<(String, Option<usize>)>,
    /// Objects for `<objectPermissions>`, sorted: (name, index of a project object).
    object_pool: Vec<(String, Option<usize>)>,
    classes: Vec<String>,
    pages: Vec<String>,
    tabs: Vec<String>,
    custom_permissions: Vec<String>,
    record_types: Vec<String>,
}

fn camel(a: &&str, b: &&str) -> String {
    format!("{a}{b}")
}

fn unique_sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

fn build_schema(rng: &mut Rng, scale: f64) -> Schema {
    let n_fields = ((20_000.0 * scale).round() as usize).max(40);
    let n_custom_objects = (n_fields / 45).max(3);

    let mut objects: Vec<ObjectDef> = Vec::new();
    for name in EXTENDED_OBJECTS {
        objects.push(ObjectDef {
            name: name.to_string(),
            custom: false,
            fields: Vec::new(),
        });
    }
    let mut seen = std::collections::HashSet::new();
    for i in 0..n_custom_objects {
        let mut name = format!("{}_{}__c", rng.pick(WORDS), rng.pick(WORDS));
        if !seen.insert(name.clone()) {
            name = format!("{}_{}{}__c", rng.pick(WORDS), rng.pick(WORDS), i);
            seen.insert(name.clone());
        }
        objects.push(ObjectDef {
            name,
            custom: true,
            fields: Vec::new(),
        });
    }

    let mut fields: Vec<FieldDef> = Vec::new();
    let mut names_per_object: Vec<std::collections::HashSet<String>> =
        vec![Default::default(); objects.len()];
    for i in 0..n_fields {
        // A fifth of the fields extend standard objects.
        let object = if rng.chance(0.2) {
            rng.below(EXTENDED_OBJECTS.len())
        } else {
            EXTENDED_OBJECTS.len() + rng.below(n_custom_objects)
        };
        let (a, b) = (rng.pick(WORDS), rng.pick(WORDS));
        let mut name = format!("{a}_{b}__c");
        let mut label = format!("{a} {b}");
        if names_per_object[object].contains(&name) {
            name = format!("{a}_{b}_{i}__c");
            label = format!("{a} {b} {i}");
        }
        names_per_object[object].insert(name.clone());
        let custom_object = objects[object].custom;
        let r = rng.unit();
        let mut ty = match r {
            _ if r < 0.25 => Type::Text,
            _ if r < 0.37 => Type::Number,
            _ if r < 0.47 => Type::Currency,
            _ if r < 0.52 => Type::Percent,
            _ if r < 0.62 => Type::Checkbox,
            _ if r < 0.68 => Type::Date,
            _ if r < 0.72 => Type::DateTime,
            _ if r < 0.84 => Type::Picklist,
            _ if r < 0.88 => Type::LongTextArea,
            _ if r < 0.94 => Type::Lookup,
            _ if r < 0.96 => Type::Email,
            _ if r < 0.98 => Type::Phone,
            _ => Type::Url,
        };
        // One master-detail per custom object at most, on a tenth of them.
        if custom_object
            && ty == Type::Lookup
            && rng.chance(0.3)
            && !objects[object]
                .fields
                .iter()
                .any(|&f| fields[f].ty == Type::MasterDetail)
        {
            ty = Type::MasterDetail;
        }
        let formula = matches!(
            ty,
            Type::Text
                | Type::Number
                | Type::Currency
                | Type::Percent
                | Type::Checkbox
                | Type::Date
        ) && rng.chance(0.12);
        let required = !formula
            && matches!(ty, Type::Text | Type::Number | Type::Date | Type::Email)
            && rng.chance(0.1);
        let classification = if rng.chance(0.3) {
            let r = rng.unit();
            Some(match r {
                _ if r < 0.35 => "Public",
                _ if r < 0.70 => "Internal",
                _ if r < 0.88 => "Confidential",
                _ if r < 0.97 => "Restricted",
                _ => "MissionCritical",
            })
        } else {
            None
        };
        let high_risk = matches!(classification, Some("Restricted" | "MissionCritical"));
        let compliance = if high_risk || (classification.is_some() && rng.chance(0.2)) {
            let groups = ["PII", "GDPR", "CCPA", "HIPAA", "PCI"];
            let first = rng.below(groups.len());
            Some(if rng.chance(0.5) {
                let second = (first + 1 + rng.below(groups.len() - 1)) % groups.len();
                format!(
                    "{};{}",
                    groups[first.min(second)],
                    groups[first.max(second)]
                )
            } else {
                groups[first].to_string()
            })
        } else {
            None
        };
        let analytics = !required
            && ty != Type::MasterDetail
            && !matches!(
                classification,
                Some("Confidential" | "Restricted" | "MissionCritical")
            )
            && rng.chance(0.3);
        objects[object].fields.push(fields.len());
        fields.push(FieldDef {
            object,
            name,
            label,
            ty,
            formula,
            required,
            classification,
            compliance,
            analytics,
        });
    }

    // Planted fields, on the first custom object (always written).
    let host = EXTENDED_OBJECTS.len();
    let plant = |fields: &mut Vec<FieldDef>, objects: &mut Vec<ObjectDef>, f: FieldDef| {
        objects[f.object].fields.push(fields.len());
        fields.push(f);
        fields.len() - 1
    };
    let base = |name: &str, ty: Type| FieldDef {
        object: host,
        name: name.to_string(),
        label: name.trim_end_matches("__c").replace('_', " "),
        ty,
        formula: false,
        required: false,
        classification: None,
        compliance: None,
        analytics: false,
    };
    let mut plants = Plants {
        formula_editable: plant(
            &mut fields,
            &mut objects,
            FieldDef {
                formula: true,
                ..base("Total_With_Margin__c", Type::Currency)
            },
        ),
        required_listed: plant(
            &mut fields,
            &mut objects,
            FieldDef {
                required: true,
                ..base("External_Reference__c", Type::Text)
            },
        ),
        denied_to_integration: plant(
            &mut fields,
            &mut objects,
            FieldDef {
                analytics: true,
                ..base("Pipeline_Weight__c", Type::Number)
            },
        ),
        not_granted: plant(
            &mut fields,
            &mut objects,
            base("Churn_Signal__c", Type::Text),
        ),
        label_only: plant(
            &mut fields,
            &mut objects,
            FieldDef {
                classification: Some("Restricted"),
                compliance: Some("PII".into()),
                ..base("Contact_Notes__c", Type::LongTextArea)
            },
        ),
        guest_readable: plant(
            &mut fields,
            &mut objects,
            FieldDef {
                classification: Some("MissionCritical"),
                compliance: Some("PCI".into()),
                ..base("Payment_Token__c", Type::Text)
            },
        ),
        integration_high_risk: plant(
            &mut fields,
            &mut objects,
            FieldDef {
                classification: Some("Restricted"),
                compliance: Some("GDPR".into()),
                analytics: true,
                ..base("Household_Income__c", Type::Currency)
            },
        ),
        unreadable_object: objects.len() - 1,
    };
    // DC003: looks sensitive, unclassified. DC007: high risk, no compliance group.
    // DC001 and DC002: values outside the configured lists.
    plant(
        &mut fields,
        &mut objects,
        base("Date_Of_Birth__c", Type::Date),
    );
    plant(
        &mut fields,
        &mut objects,
        FieldDef {
            classification: Some("Restricted"),
            ..base("Passport_Number__c", Type::Text)
        },
    );
    plant(
        &mut fields,
        &mut objects,
        FieldDef {
            classification: Some("TopSecret"),
            ..base("Board_Minutes__c", Type::LongTextArea)
        },
    );
    plant(
        &mut fields,
        &mut objects,
        FieldDef {
            classification: Some("Internal"),
            compliance: Some("SOX".into()),
            ..base("Ledger_Period__c", Type::Text)
        },
    );
    // The unreadable object must not be the planted fields' host.
    if plants.unreadable_object == host {
        plants.unreadable_object = objects.len() - 1;
    }

    // Standard and managed-package fields, to fill profiles the way real ones are filled.
    let mut universe: Vec<(String, Option<usize>)> = fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.permissionable())
        .map(|(i, f)| (format!("{}.{}", objects[f.object].name, f.name), Some(i)))
        .collect();
    let mut extra = Vec::new();
    for obj in STANDARD_OBJECTS {
        for field in STANDARD_FIELDS {
            if rng.chance(0.45) {
                extra.push(format!("{obj}.{field}"));
            }
        }
        for _ in 0..rng.range(5, 25) {
            let ns = rng.pick(NAMESPACES);
            extra.push(format!(
                "{obj}.{ns}__{}__c",
                camel(rng.pick(WORDS), rng.pick(WORDS))
            ));
        }
    }
    let mut managed_objects = Vec::new();
    for _ in 0..200 {
        let ns = rng.pick(NAMESPACES);
        let obj = format!("{ns}__{}__c", camel(rng.pick(WORDS), rng.pick(WORDS)));
        for _ in 0..rng.range(10, 60) {
            extra.push(format!(
                "{obj}.{ns}__{}__c",
                camel(rng.pick(WORDS), rng.pick(WORDS))
            ));
        }
        managed_objects.push(obj);
    }
    universe.extend(unique_sorted(extra).into_iter().map(|n| (n, None)));
    universe.sort_by(|a, b| a.0.cmp(&b.0));
    universe.dedup_by(|a, b| a.0 == b.0);

    let mut object_pool: Vec<(String, Option<usize>)> = objects
        .iter()
        .enumerate()
        .map(|(i, o)| (o.name.clone(), Some(i)))
        .collect();
    let mut more: Vec<String> = STANDARD_OBJECTS
        .iter()
        .filter(|o| !EXTENDED_OBJECTS.contains(o))
        .map(|o| o.to_string())
        .collect();
    more.extend(managed_objects);
    for _ in 0..500 {
        // Setup and feature objects real profiles list by the hundred.
        more.push(format!("{}{}", rng.pick(WORDS), rng.pick(WORDS)));
    }
    object_pool.extend(unique_sorted(more).into_iter().map(|n| (n, None)));
    object_pool.sort_by(|a, b| a.0.cmp(&b.0));
    object_pool.dedup_by(|a, b| a.0 == b.0);

    let suffixes = [
        "Controller",
        "Service",
        "Handler",
        "Helper",
        "Test",
        "Batch",
        "Selector",
    ];
    let mut classes = Vec::new();
    for _ in 0..7000 {
        let name = format!(
            "{}{}{}",
            rng.pick(WORDS),
            rng.pick(WORDS),
            rng.pick(&suffixes)
        );
        classes.push(if rng.chance(0.3) {
            format!("{}.{name}", rng.pick(NAMESPACES))
        } else {
            name
        });
    }
    let mut pages = Vec::new();
    for _ in 0..700 {
        pages.push(format!("{}{}Page", rng.pick(WORDS), rng.pick(WORDS)));
    }
    let mut tabs: Vec<String> = objects
        .iter()
        .filter(|o| o.custom)
        .map(|o| o.name.clone())
        .collect();
    for o in STANDARD_OBJECTS {
        tabs.push(format!("standard-{o}"));
    }
    for _ in 0..2000 {
        tabs.push(format!(
            "{}__{}_{}__c",
            rng.pick(NAMESPACES),
            rng.pick(WORDS),
            rng.pick(WORDS)
        ));
    }
    let mut custom_permissions = Vec::new();
    for _ in 0..80 {
        custom_permissions.push(format!(
            "{}__{}_{}",
            rng.pick(NAMESPACES),
            rng.pick(WORDS),
            rng.pick(WORDS)
        ));
    }
    let mut record_types = Vec::new();
    for o in STANDARD_OBJECTS.iter().take(20) {
        for _ in 0..rng.range(2, 8) {
            record_types.push(format!("{o}.{}_{}", rng.pick(WORDS), rng.pick(WORDS)));
        }
    }

    Schema {
        objects,
        fields,
        plants,
        universe,
        object_pool,
        classes: unique_sorted(classes),
        pages: unique_sorted(pages),
        tabs: unique_sorted(tabs),
        custom_permissions: unique_sorted(custom_permissions),
        record_types: unique_sorted(record_types),
    }
}

// ---------------------------------------------------------------------------------------
// Writers.

fn xml_head(w: &mut Sink, root: &str) -> io::Result<()> {
    writeln!(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        w,
        "<{root} xmlns=\"http://soap.sforce.com/2006/04/metadata\">"
    )
}

fn tag(w: &mut Sink, indent: usize, name: &str, value: impl std::fmt::Display) -> io::Result<()> {
    writeln!(w, "{:indent$}<{name}>{value}</{name}>", "")
}

fn field_file(w: &mut Sink, rng: &mut Rng, s: &Schema, f: &FieldDef) -> io::Result<()> {
    xml_head(w, "CustomField")?;
    tag(w, 4, "fullName", &f.name)?;
    if let Some(g) = &f.compliance {
        tag(w, 4, "complianceGroup", g)?;
    }
    if rng.chance(0.4) {
        tag(
            w,
            4,
            "description",
            format_args!("{} used by the {} team.", f.label, rng.pick(DEPARTMENTS)),
        )?;
    }
    if !f.formula && matches!(f.ty, Type::Checkbox) {
        tag(w, 4, "defaultValue", "false")?;
    }
    if f.ty == Type::Lookup {
        tag(w, 4, "deleteConstraint", "SetNull")?;
    }
    if !f.formula && matches!(f.ty, Type::Text) {
        tag(w, 4, "externalId", "false")?;
    }
    if f.formula {
        let other = s.objects[f.object]
            .fields
            .iter()
            .map(|&i| &s.fields[i])
            .find(|o| matches!(o.ty, Type::Number | Type::Currency) && !o.formula)
            .map_or("1", |o| o.name.as_str());
        let formula = match f.ty {
            Type::Checkbox => format!("{other} &gt; 100"),
            Type::Text => format!("TEXT({other}) &amp; &quot;-&quot; &amp; Name"),
            Type::Date => "TODAY() + 30".to_string(),
            _ => format!("{other} * {}.{}", rng.range(1, 3), rng.range(0, 99)),
        };
        tag(w, 4, "formula", formula)?;
        tag(w, 4, "formulaTreatBlanksAs", "BlankAsZero")?;
    }
    if rng.chance(0.3) {
        tag(
            w,
            4,
            "inlineHelpText",
            format_args!(
                "The {} of the record, as agreed with the customer.",
                f.label.to_lowercase()
            ),
        )?;
    }
    tag(w, 4, "label", &f.label)?;
    match f.ty {
        Type::Text if !f.formula => tag(w, 4, "length", *rng.pick(&[40, 80, 100, 255]))?,
        Type::LongTextArea => tag(w, 4, "length", 32768)?,
        Type::Number | Type::Currency | Type::Percent => {
            tag(w, 4, "precision", 18)?;
        }
        _ => {}
    }
    if matches!(f.ty, Type::Lookup | Type::MasterDetail) {
        let target = s.pick_object_name(rng, f.object);
        tag(w, 4, "referenceTo", target)?;
        tag(w, 4, "relationshipLabel", format_args!("{}s", f.label))?;
        tag(
            w,
            4,
            "relationshipName",
            format_args!("{}s", f.name.trim_end_matches("__c")),
        )?;
        if f.ty == Type::MasterDetail {
            tag(w, 4, "relationshipOrder", 0)?;
            tag(w, 4, "reparentableMasterDetail", "false")?;
            tag(w, 4, "writeRequiresMasterRead", "false")?;
        }
    }
    if !f.formula
        && !matches!(
            f.ty,
            Type::Checkbox | Type::MasterDetail | Type::LongTextArea
        )
    {
        tag(w, 4, "required", f.required)?;
    }
    if matches!(f.ty, Type::Number | Type::Currency | Type::Percent) {
        tag(w, 4, "scale", rng.range(0, 2))?;
    }
    if let Some(c) = f.classification {
        tag(w, 4, "securityClassification", c)?;
    }
    tag(w, 4, "trackFeedHistory", "false")?;
    tag(w, 4, "trackHistory", rng.chance(0.1))?;
    tag(w, 4, "trackTrending", "false")?;
    tag(w, 4, "type", f.ty.name())?;
    if !f.formula && f.ty == Type::Text {
        tag(w, 4, "unique", "false")?;
    }
    if f.ty == Type::Picklist {
        writeln!(w, "    <valueSet>")?;
        tag(w, 8, "restricted", "true")?;
        writeln!(w, "        <valueSetDefinition>")?;
        tag(w, 12, "sorted", "false")?;
        for k in 0..rng.range(3, 12) {
            let v = format!("{} {}", rng.pick(WORDS), k + 1);
            writeln!(w, "            <value>")?;
            tag(w, 16, "fullName", &v)?;
            tag(w, 16, "default", k == 0)?;
            tag(w, 16, "label", &v)?;
            writeln!(w, "            </value>")?;
        }
        writeln!(w, "        </valueSetDefinition>")?;
        writeln!(w, "    </valueSet>")?;
    }
    if f.ty == Type::LongTextArea {
        tag(w, 4, "visibleLines", 3)?;
    }
    writeln!(w, "</CustomField>")
}

impl Schema {
    fn pick_object_name(&self, rng: &mut Rng, not: usize) -> &str {
        let i = rng.below(self.objects.len());
        if i == not {
            "Account"
        } else {
            &self.objects[i].name
        }
    }
}

fn object_file(w: &mut Sink, rng: &mut Rng, o: &ObjectDef) -> io::Result<()> {
    xml_head(w, "CustomObject")?;
    for action in [
        "Accept",
        "CancelEdit",
        "Clone",
        "Delete",
        "Edit",
        "List",
        "New",
        "SaveEdit",
        "Tab",
        "View",
    ] {
        writeln!(w, "    <actionOverrides>")?;
        tag(w, 8, "actionName", action)?;
        tag(w, 8, "type", "Default")?;
        writeln!(w, "    </actionOverrides>")?;
    }
    tag(w, 4, "allowInChatterGroups", "false")?;
    tag(w, 4, "compactLayoutAssignment", "SYSTEM")?;
    tag(w, 4, "deploymentStatus", "Deployed")?;
    tag(w, 4, "enableActivities", rng.chance(0.5))?;
    tag(w, 4, "enableBulkApi", "true")?;
    tag(w, 4, "enableHistory", rng.chance(0.3))?;
    tag(w, 4, "enableReports", "true")?;
    tag(w, 4, "enableSearch", "true")?;
    tag(w, 4, "enableSharing", "true")?;
    tag(w, 4, "enableStreamingApi", "true")?;
    let label = o.name.trim_end_matches("__c").replace('_', " ");
    tag(w, 4, "label", &label)?;
    writeln!(w, "    <nameField>")?;
    tag(w, 8, "label", format_args!("{label} Name"))?;
    tag(w, 8, "type", "Text")?;
    writeln!(w, "    </nameField>")?;
    tag(w, 4, "pluralLabel", format_args!("{label}s"))?;
    tag(w, 4, "searchLayouts", "")?;
    tag(
        w,
        4,
        "sharingModel",
        *rng.pick(&["ReadWrite", "Read", "Private"]),
    )?;
    tag(w, 4, "visibility", "Public")?;
    writeln!(w, "</CustomObject>")
}

/// A permission bundle's field entries: (name, editable, readable).
type FieldEntry<'a> = (&'a str, bool, bool);

fn field_permissions(w: &mut Sink, entries: &[FieldEntry<'_>]) -> io::Result<()> {
    for (field, editable, readable) in entries {
        writeln!(w, "    <fieldPermissions>")?;
        tag(w, 8, "editable", editable)?;
        tag(w, 8, "field", field)?;
        tag(w, 8, "readable", readable)?;
        writeln!(w, "    </fieldPermissions>")?;
    }
    Ok(())
}

fn object_permission(w: &mut Sink, object: &str, level: usize) -> io::Result<()> {
    // 0 none, 1 read, 2 +edit, 3 +create, 4 +delete, 5 +view all, 6 +modify all.
    writeln!(w, "    <objectPermissions>")?;
    tag(w, 8, "allowCreate", level >= 3)?;
    tag(w, 8, "allowDelete", level >= 4)?;
    tag(w, 8, "allowEdit", level >= 2)?;
    tag(w, 8, "allowRead", level >= 1)?;
    tag(w, 8, "modifyAllRecords", level >= 6)?;
    tag(w, 8, "object", object)?;
    tag(w, 8, "viewAllRecords", level >= 5)?;
    writeln!(w, "    </objectPermissions>")
}

fn enabled_entries(
    w: &mut Sink,
    element: &str,
    key: &str,
    names: &[&str],
    rng: &mut Rng,
    on: f64,
) -> io::Result<()> {
    for name in names {
        writeln!(w, "    <{element}>")?;
        if key == "name" {
            tag(w, 8, "enabled", rng.chance(on))?;
            tag(w, 8, key, name)?;
        } else {
            tag(w, 8, key, name)?;
            tag(w, 8, "enabled", rng.chance(on))?;
        }
        writeln!(w, "    </{element}>")?;
    }
    Ok(())
}

fn sample<'a>(rng: &mut Rng, items: &'a [String], p: f64) -> Vec<&'a str> {
    items
        .iter()
        .filter(|_| rng.chance(p))
        .map(String::as_str)
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ProfileRole {
    Integration,
    Guest,
    /// The first regular profile carries planted findings.
    Planted,
    Regular,
}

/// Objects every dataflow may read, with the fields it may read (analytics fields of the
/// project plus standard fields of standard objects).
struct AnalyticsPlan {
    objects: Vec<usize>,
}

fn profile_file(
    w: &mut Sink,
    rng: &mut Rng,
    s: &Schema,
    role: ProfileRole,
    plan: &AnalyticsPlan,
) -> io::Result<()> {
    let p = &s.plants;
    xml_head(w, "Profile")?;
    for app in APPS {
        if rng.chance(0.8) {
            writeln!(w, "    <applicationVisibilities>")?;
            tag(w, 8, "application", app)?;
            tag(w, 8, "default", *app == "standard__LightningSales")?;
            tag(w, 8, "visible", rng.chance(0.7))?;
            writeln!(w, "    </applicationVisibilities>")?;
        }
    }
    let classes = sample(rng, &s.classes, 0.58);
    enabled_entries(w, "classAccesses", "apexClass", &classes, rng, 0.8)?;
    tag(w, 4, "custom", role != ProfileRole::Integration)?;
    let perms = sample(rng, &s.custom_permissions, 0.6);
    enabled_entries(w, "customPermissions", "name", &perms, rng, 0.7)?;

    // Field permissions: about 8,500 entries, a third to all of them project fields.
    let project_count = s.universe.iter().filter(|u| u.1.is_some()).count();
    let other_count = s.universe.len() - project_count;
    let project_p = (6_000.0 / project_count as f64).min(1.0);
    let want = rng.around(8_500, 0.1) as f64;
    let other_p = ((want - project_p * project_count as f64) / other_count as f64).clamp(0.05, 1.0);
    // Planted in the first regular profile: PM003, a required field; PM004, an
    // undefined one.
    let planted_names: Vec<String> = if role == ProfileRole::Planted {
        let host = &s.objects[s.fields[p.required_listed].object].name;
        vec![
            format!("{host}.{}", s.fields[p.required_listed].name),
            format!("{host}.Legacy_Code__c"),
        ]
    } else {
        Vec::new()
    };
    let mut entries: Vec<FieldEntry<'_>> = Vec::with_capacity(want as usize + 16);
    for (name, idx) in &s.universe {
        let Some(i) = *idx else {
            if role == ProfileRole::Integration || rng.chance(other_p) {
                let readable = role == ProfileRole::Integration || rng.chance(0.8);
                let editable = readable && role != ProfileRole::Integration && rng.chance(0.4);
                entries.push((name, editable, readable));
            }
            continue;
        };
        let f = &s.fields[i];
        let (listed, mut readable) = match role {
            ProfileRole::Integration => {
                if i == p.not_granted || i == p.label_only {
                    (false, false)
                } else if f.analytics {
                    (true, i != p.denied_to_integration)
                } else {
                    (rng.chance(project_p), false)
                }
            }
            ProfileRole::Guest => {
                if f.high_risk() {
                    (i != p.label_only, i == p.guest_readable)
                } else {
                    (rng.chance(project_p), rng.chance(0.3))
                }
            }
            _ => (rng.chance(project_p) || i == p.label_only, rng.chance(0.8)),
        };
        if !listed {
            continue;
        }
        if i == p.label_only {
            readable = true;
        }
        let editable = readable
            && !f.formula
            && matches!(role, ProfileRole::Planted | ProfileRole::Regular)
            && rng.chance(0.5);
        entries.push((name, editable, readable));
    }
    if role == ProfileRole::Planted {
        entries.extend(planted_names.iter().map(|n| (n.as_str(), false, true)));
        // PM001: edit without read; PM005: the same field twice.
        if let Some(first) = entries.iter().position(|e| e.0.ends_with("__c")) {
            entries[first].1 = true;
            entries[first].2 = false;
            let dup = entries[first + 1];
            entries.insert(first + 2, dup);
        }
        entries.sort_by(|a, b| a.0.cmp(b.0));
    }
    field_permissions(w, &entries)?;

    // Layouts: one per object, some per record type.
    for (name, _) in s.object_pool.iter().filter(|_| rng.chance(0.5)) {
        writeln!(w, "    <layoutAssignments>")?;
        tag(
            w,
            8,
            "layout",
            format_args!(
                "{name}-{} Layout",
                name.trim_end_matches("__c").replace('_', " ")
            ),
        )?;
        writeln!(w, "    </layoutAssignments>")?;
    }
    for rt in &s.record_types {
        if rng.chance(0.6) {
            let obj = rt.split('.').next().unwrap_or(rt);
            writeln!(w, "    <layoutAssignments>")?;
            tag(w, 8, "layout", format_args!("{obj}-{obj} Layout"))?;
            tag(w, 8, "recordType", rt)?;
            writeln!(w, "    </layoutAssignments>")?;
        }
    }

    for (name, idx) in &s.object_pool {
        let dataflow_object = idx.is_some_and(|i| plan.objects.contains(&i));
        let level = match role {
            ProfileRole::Integration if idx == &Some(p.unreadable_object) => 0,
            ProfileRole::Integration if dataflow_object => 5,
            ProfileRole::Integration => {
                if !rng.chance(0.5) {
                    continue;
                }
                rng.range(0, 1)
            }
            ProfileRole::Guest => {
                if !rng.chance(0.4) {
                    continue;
                }
                rng.range(0, 1)
            }
            _ => {
                if idx.is_none() && !rng.chance(0.6) {
                    continue;
                }
                rng.range(0, 6)
            }
        };
        object_permission(w, name, level)?;
    }
    let pages = sample(rng, &s.pages, 0.7);
    enabled_entries(w, "pageAccesses", "apexPage", &pages, rng, 0.8)?;
    for rt in &s.record_types {
        if rng.chance(0.7) {
            writeln!(w, "    <recordTypeVisibilities>")?;
            tag(w, 8, "default", rt.ends_with('0'))?;
            tag(w, 8, "recordType", rt)?;
            tag(w, 8, "visible", rng.chance(0.6))?;
            writeln!(w, "    </recordTypeVisibilities>")?;
        }
    }
    for tab in &s.tabs {
        if rng.chance(0.75) {
            writeln!(w, "    <tabVisibilities>")?;
            tag(w, 8, "tab", tab)?;
            tag(
                w,
                8,
                "visibility",
                *rng.pick(&["DefaultOn", "DefaultOff", "Hidden"]),
            )?;
            writeln!(w, "    </tabVisibilities>")?;
        }
    }
    let license = match role {
        ProfileRole::Integration => INTEGRATION_PROFILE,
        ProfileRole::Guest => "Guest User License",
        _ => *rng.pick(&["Salesforce", "Salesforce Platform", "Partner Community"]),
    };
    tag(w, 4, "userLicense", license)?;
    for perm in USER_PERMISSIONS {
        let listed = match role {
            // No View All Data or Modify All Data for the integration profile: they
            // would silence IU003 and trigger DC009 on every high-risk field.
            ProfileRole::Integration => {
                !matches!(*perm, "ViewAllData" | "ModifyAllData") && rng.chance(0.3)
            }
            ProfileRole::Guest => rng.chance(0.1),
            _ => rng.chance(0.85),
        };
        if listed {
            writeln!(w, "    <userPermissions>")?;
            tag(w, 8, "enabled", "true")?;
            tag(w, 8, "name", perm)?;
            writeln!(w, "    </userPermissions>")?;
        }
    }
    writeln!(w, "</Profile>")
}

fn permission_set_file(
    w: &mut Sink,
    rng: &mut Rng,
    s: &Schema,
    label: &str,
    planted: bool,
) -> io::Result<()> {
    let p = &s.plants;
    xml_head(w, "PermissionSet")?;
    for app in APPS.iter().filter(|_| rng.chance(0.1)) {
        writeln!(w, "    <applicationVisibilities>")?;
        tag(w, 8, "application", app)?;
        tag(w, 8, "visible", "true")?;
        writeln!(w, "    </applicationVisibilities>")?;
    }
    let class_p = rng.unit() * 0.08;
    let classes = sample(rng, &s.classes, class_p);
    enabled_entries(w, "classAccesses", "apexClass", &classes, rng, 1.0)?;
    let perms = sample(rng, &s.custom_permissions, 0.05);
    enabled_entries(w, "customPermissions", "name", &perms, rng, 1.0)?;
    tag(
        w,
        4,
        "description",
        format_args!("Grants what the {label} team needs."),
    )?;
    // Field grants: 200 to 2,000 project and managed fields, readable, some editable.
    let want = rng.range(200, 2_000) as f64;
    let p_field = (want / s.universe.len() as f64).min(1.0);
    let mut entries: Vec<FieldEntry<'_>> = Vec::new();
    for (name, idx) in &s.universe {
        let formula = idx.is_some_and(|i| s.fields[i].formula);
        let plant = *idx == Some(p.formula_editable) && planted;
        if plant || (rng.chance(p_field) && idx != &Some(p.label_only)) {
            let editable = plant || (!formula && rng.chance(0.4));
            entries.push((name, editable, true));
        }
    }
    field_permissions(w, &entries)?;
    tag(w, 4, "hasActivationRequired", "false")?;
    tag(w, 4, "label", label)?;
    if rng.chance(0.5) {
        tag(w, 4, "license", "Salesforce")?;
    }
    for (name, _) in &s.object_pool {
        if rng.chance(0.04) {
            object_permission(w, name, rng.range(1, 5))?;
        }
    }
    for tab in s.tabs.iter().filter(|_| rng.chance(0.02)) {
        writeln!(w, "    <tabSettings>")?;
        tag(w, 8, "tab", tab)?;
        tag(w, 8, "visibility", "Visible")?;
        writeln!(w, "    </tabSettings>")?;
    }
    for perm in USER_PERMISSIONS
        .iter()
        .filter(|p| **p != "ViewAllData" && rng.chance(0.05))
    {
        writeln!(w, "    <userPermissions>")?;
        tag(w, 8, "enabled", "true")?;
        tag(w, 8, "name", perm)?;
        writeln!(w, "    </userPermissions>")?;
    }
    writeln!(w, "</PermissionSet>")
}

// ---------------------------------------------------------------------------------------
// Dataflows.

/// Escape for a JSON string literal.
fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn dataflow_json(rng: &mut Rng, s: &Schema, plan: &AnalyticsPlan, first: bool) -> String {
    let p = &s.plants;
    let mut j = String::with_capacity(40_000);
    j.push_str("{\"nodes\":{");
    let mut node_no = 0;
    let mut digests: Vec<String> = Vec::new();
    let mut sep = |j: &mut String| {
        if node_no > 0 {
            j.push(',');
        }
        node_no += 1;
    };
    let n_digest = rng.range(4, 10);
    for d in 0..n_digest {
        let obj = *rng.pick(&plan.objects);
        let o = &s.objects[obj];
        let key = format!("Extract_{}_{d}", o.name.trim_end_matches("__c"));
        let action = if rng.chance(0.5) {
            "sfdcDigest"
        } else {
            "sobjectDigest"
        };
        let mut names: Vec<&str> = vec!["Id", "Name", "CreatedDate", "LastModifiedDate", "OwnerId"];
        if !o.custom {
            names.extend(STANDARD_FIELDS.iter().copied().filter(|_| rng.chance(0.2)));
        }
        let candidates: Vec<&FieldDef> = o
            .fields
            .iter()
            .map(|&i| &s.fields[i])
            .filter(|f| f.analytics && !std::ptr::eq(*f, &s.fields[p.denied_to_integration]))
            .collect();
        let take = rng.range(5, 40).min(candidates.len());
        for _ in 0..take {
            names.push(&rng.pick(&candidates).name);
        }
        names.sort_unstable();
        names.dedup();
        sep(&mut j);
        json_str(&mut j, &key);
        j.push_str(":{\"action\":");
        json_str(&mut j, action);
        j.push_str(",\"parameters\":{\"fields\":[");
        for (k, n) in names.iter().enumerate() {
            if k > 0 {
                j.push(',');
            }
            if n.ends_with("Date") {
                j.push_str("{\"firstDayOfWeek\":0,\"fiscalMonthOffset\":0,\"name\":");
            } else if rng.chance(0.1) {
                j.push_str("{\"defaultValue\":\"N/A\",\"name\":");
            } else {
                j.push_str("{\"name\":");
            }
            json_str(&mut j, n);
            j.push('}');
        }
        j.push_str("],\"object\":");
        json_str(&mut j, &o.name);
        if action == "sobjectDigest" {
            j.push_str(",\"runtime\":{\"SFDCtoken\":\"SFDCtoken\"}");
        }
        j.push_str("}}");
        digests.push(key);
    }
    if first {
        // IU001, IU002, DC004: reads of planted fields; IU003: an unreadable object.
        let host = &s.objects[s.fields[p.denied_to_integration].object].name;
        sep(&mut j);
        j.push_str("\"Extract_Planted\":{\"action\":\"sfdcDigest\",\"parameters\":{\"fields\":[{\"name\":\"Id\"}");
        for f in [
            p.denied_to_integration,
            p.not_granted,
            p.integration_high_risk,
        ] {
            j.push_str(",{\"name\":");
            json_str(&mut j, &s.fields[f].name);
            j.push('}');
        }
        j.push_str("],\"object\":");
        json_str(&mut j, host);
        j.push_str("}}");
        sep(&mut j);
        j.push_str("\"Extract_Unreadable\":{\"action\":\"sfdcDigest\",\"parameters\":{\"fields\":[{\"name\":\"Id\"},{\"name\":\"Name\"}],\"object\":");
        json_str(&mut j, &s.objects[p.unreadable_object].name);
        j.push_str("}}");
    }
    // Joins, computed columns, filters and registrations, as real dataflows have.
    for k in 0..digests.len().saturating_sub(1) {
        let aug = format!("Augment_{k}");
        sep(&mut j);
        json_str(&mut j, &aug);
        j.push_str(":{\"action\":\"augment\",\"parameters\":{\"left\":");
        json_str(&mut j, &digests[k]);
        j.push_str(",\"left_key\":[\"OwnerId\"],\"relationship\":");
        json_str(&mut j, &format!("{}{}", rng.pick(WORDS), k));
        j.push_str(",\"right\":");
        json_str(&mut j, &digests[k + 1]);
        j.push_str(",\"right_key\":[\"Id\"],\"right_select\":[");
        for c in 0..rng.range(3, 15) {
            if c > 0 {
                j.push(',');
            }
            json_str(&mut j, &format!("{}_{}", rng.pick(WORDS), rng.pick(WORDS)));
        }
        j.push_str("]}}");
        let comp = format!("Compute_{k}");
        sep(&mut j);
        json_str(&mut j, &comp);
        j.push_str(":{\"action\":\"computeExpression\",\"parameters\":{\"computedFields\":[");
        for c in 0..rng.range(2, 8) {
            if c > 0 {
                j.push(',');
            }
            let a = rng.pick(WORDS);
            let saql = format!(
                "case when '{a}' == \"{}\" then \"High\" when '{a}' is null then \"Unknown\" else \"Low\" end",
                rng.pick(WORDS)
            );
            j.push_str("{\"defaultValue\":\"Unknown\",\"label\":");
            json_str(&mut j, &format!("{a} Band {c}"));
            j.push_str(",\"name\":");
            json_str(&mut j, &format!("{a}_Band_{c}"));
            j.push_str(",\"saqlExpression\":");
            json_str(&mut j, &saql);
            j.push_str(",\"type\":\"Text\"}");
        }
        j.push_str("],\"mergeWithSource\":true,\"source\":");
        json_str(&mut j, &aug);
        j.push_str("}}");
        let filt = format!("Filter_{k}");
        sep(&mut j);
        json_str(&mut j, &filt);
        j.push_str(":{\"action\":\"filter\",\"parameters\":{\"filter\":");
        json_str(
            &mut j,
            &format!("{}:EQ:{}", rng.pick(WORDS), rng.pick(WORDS)),
        );
        j.push_str(",\"source\":");
        json_str(&mut j, &comp);
        j.push_str("}}");
        sep(&mut j);
        json_str(&mut j, &format!("Register_{k}"));
        j.push_str(":{\"action\":\"sfdcRegister\",\"parameters\":{\"alias\":");
        json_str(
            &mut j,
            &format!("ds_{}_{k}", rng.pick(WORDS).to_lowercase()),
        );
        j.push_str(",\"name\":");
        json_str(
            &mut j,
            &format!("{} {} {k}", rng.pick(WORDS), rng.pick(WORDS)),
        );
        j.push_str(",\"source\":");
        json_str(&mut j, &filt);
        j.push_str("}}");
    }
    j.push_str("}}");
    j
}

fn dataflow_files(
    out: &mut Out,
    rng: &mut Rng,
    s: &Schema,
    plan: &AnalyticsPlan,
    i: usize,
) -> io::Result<()> {
    let name = format!("{}_{}_Dataflow_{i}", rng.pick(WORDS), rng.pick(WORDS));
    let inner = dataflow_json(rng, s, plan, i == 0);
    out.file(&format!("{PKG}/wave/{name}.wdf"), |w| {
        let mut outer = String::with_capacity(inner.len() + inner.len() / 4);
        outer.push('[');
        json_str(&mut outer, &inner);
        outer.push_str(",null]");
        w.write_all(outer.as_bytes())
    })?;
    out.file(&format!("{PKG}/wave/{name}.wdf-meta.xml"), |w| {
        writeln!(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(
            w,
            "<WaveDataflow xmlns=\"http://soap.sforce.com/2006/04/metadata\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        )?;
        writeln!(w, "    <content xsi:nil=\"true\"/>")?;
        tag(w, 4, "dataflowType", "User")?;
        tag(w, 4, "description", name.replace('_', " "))?;
        tag(w, 4, "masterLabel", name.replace('_', " "))?;
        writeln!(w, "</WaveDataflow>")
    })
}

// ---------------------------------------------------------------------------------------

fn encode_file_name(name: &str) -> String {
    name.replace(':', "%3A")
}

pub(crate) fn generate(seed: u64, size: u64, root: &Path) -> io::Result<Out> {
    let mut rng = Rng::new(seed);
    let scale = size as f64 / GIB;
    let schema = build_schema(&mut rng, scale);
    let n_dataflows = ((200.0 * scale).round() as usize).max(1);
    let mut out = Out {
        root: root.to_path_buf(),
        written: 0,
        files: 0,
    };

    out.file("sfdx-project.json", |w| {
        writeln!(
            w,
            "{{\n  \"packageDirectories\": [{{ \"path\": \"force-app\", \"default\": true }}],\n  \"name\": \"sflint-bench-{seed}\",\n  \"namespace\": \"\",\n  \"sourceApiVersion\": \"62.0\"\n}}"
        )
    })?;

    for (i, o) in schema.objects.iter().enumerate() {
        if o.custom {
            out.file(
                &format!("{PKG}/objects/{0}/{0}.object-meta.xml", o.name),
                |w| object_file(w, &mut rng, o),
            )?;
        }
        for &f in &o.fields {
            let fd = &schema.fields[f];
            debug_assert_eq!(fd.object, i);
            out.file(
                &format!("{PKG}/objects/{}/fields/{}.field-meta.xml", o.name, fd.name),
                |w| field_file(w, &mut rng, &schema, fd),
            )?;
        }
    }

    // Dataflows read objects that have analytics fields, and the planted host.
    let plan = AnalyticsPlan {
        objects: (0..schema.objects.len())
            .filter(|&i| {
                i != schema.plants.unreadable_object
                    && schema.objects[i]
                        .fields
                        .iter()
                        .any(|&f| schema.fields[f].analytics)
            })
            .collect(),
    };
    for i in 0..n_dataflows {
        dataflow_files(&mut out, &mut rng, &schema, &plan, i)?;
    }

    // Profiles and permission sets, two to one, until the size is reached. The first
    // round (integration, guest, planted profile, planted permission set) always goes out.
    let mut profile_names = std::collections::HashSet::new();
    let mut n = 0usize;
    let mut ps = 0usize;
    loop {
        let role = match n {
            0 => ProfileRole::Integration,
            1 => ProfileRole::Guest,
            2 => ProfileRole::Planted,
            _ => ProfileRole::Regular,
        };
        let name = match role {
            ProfileRole::Integration => INTEGRATION_PROFILE.to_string(),
            ProfileRole::Guest => GUEST_PROFILE.to_string(),
            _ => loop {
                let base = format!("{} {}", rng.pick(DEPARTMENTS), rng.pick(ROLES));
                let candidate = if rng.chance(0.2) {
                    format!("Custom: {base} {n}")
                } else if profile_names.contains(&base) {
                    format!("{base} {n}")
                } else {
                    base
                };
                if profile_names.insert(candidate.clone()) {
                    break candidate;
                }
            },
        };
        out.file(
            &format!(
                "{PKG}/profiles/{}.profile-meta.xml",
                encode_file_name(&name)
            ),
            |w| profile_file(w, &mut rng, &schema, role, &plan),
        )?;
        n += 1;
        if n.is_multiple_of(2) {
            let label = format!("{} {}", rng.pick(DEPARTMENTS), rng.pick(WORDS));
            let api = format!("{}_{ps}", label.replace(' ', "_"));
            out.file(
                &format!("{PKG}/permissionsets/{api}.permissionset-meta.xml"),
                |w| permission_set_file(w, &mut rng, &schema, &label, ps == 0),
            )?;
            ps += 1;
        }
        if n >= 4 && out.written >= size {
            break;
        }
    }
    eprintln!(
        "gen: {} files, {:.1} MB: {n} profiles, {ps} permission sets, {} fields, {} objects, {n_dataflows} dataflows",
        out.files,
        out.written as f64 / 1e6,
        schema.fields.len(),
        schema.objects.len(),
    );
    Ok(out)
}

fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let (num, mult) = match s.chars().last()?.to_ascii_uppercase() {
        'K' => (&s[..s.len() - 1], 1u64 << 10),
        'M' => (&s[..s.len() - 1], 1 << 20),
        'G' => (&s[..s.len() - 1], 1 << 30),
        _ => (s, 1),
    };
    let n: f64 = num.parse().ok()?;
    (n > 0.0).then_some((n * mult as f64) as u64)
}

const USAGE: &str = "usage: gen --seed N --size SIZE --out DIR   (SIZE: bytes, or with K, M, G)";

fn main() -> ExitCode {
    let mut seed = 42u64;
    let mut size = None;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "--seed" | "--size" | "--out" => args.next(),
            _ => {
                eprintln!("gen: unknown argument `{arg}`\n{USAGE}");
                return ExitCode::from(2);
            }
        };
        let Some(value) = value else {
            eprintln!("gen: {arg} needs a value\n{USAGE}");
            return ExitCode::from(2);
        };
        match arg.as_str() {
            "--seed" => match value.parse() {
                Ok(s) => seed = s,
                Err(_) => {
                    eprintln!("gen: --seed must be a number");
                    return ExitCode::from(2);
                }
            },
            "--size" => match parse_size(&value) {
                Some(s) => size = Some(s),
                None => {
                    eprintln!("gen: bad --size `{value}`");
                    return ExitCode::from(2);
                }
            },
            _ => out = Some(PathBuf::from(value)),
        }
    }
    let (Some(size), Some(out)) = (size, out) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    if out.read_dir().is_ok_and(|mut d| d.next().is_some()) {
        eprintln!("gen: {} exists and is not empty", out.display());
        return ExitCode::from(2);
    }
    match generate(seed, size, &out) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("100M"), Some(100 << 20));
        assert_eq!(parse_size("1G"), Some(1 << 30));
        assert_eq!(parse_size("512k"), Some(512 << 10));
        assert_eq!(parse_size("1000"), Some(1000));
        assert_eq!(parse_size("x"), None);
    }

    #[test]
    fn rng_is_deterministic_and_in_range() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        for _ in 0..1000 {
            let x = a.below(13);
            assert_eq!(x, b.below(13));
            assert!(x < 13);
        }
    }
}
