<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <fieldPermissions>
        <editable>true</editable>
        <field>Account.Score__c</field>
        <readable>true</readable>
    </fieldPermissions>
    <custom>true</custom>
</Profile>
