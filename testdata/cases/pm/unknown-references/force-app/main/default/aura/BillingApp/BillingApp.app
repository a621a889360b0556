<aura:application/>
