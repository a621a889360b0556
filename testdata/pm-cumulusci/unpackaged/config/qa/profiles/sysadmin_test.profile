<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <custom>true</custom>
    <fieldPermissions>
        <editable>true</editable>
        <field>%%%NAMESPACED_ORG%%%DataImport__c.%%%NAMESPACED_ORG%%%Status__c</field>
        <readable>true</readable>
    </fieldPermissions>
    <fieldPermissions>
        <editable>true</editable>
        <field>%%%NAMESPACED_ORG%%%DataImport__c.%%%NAMESPACED_ORG%%%Donation_Amount__c</field>
        <readable>false</readable>
    </fieldPermissions>
    <userLicense>Salesforce</userLicense>
</Profile>
