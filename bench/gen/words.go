package main

// The phrase books the articles are made from. Placeholders:
//
//	{P} {P2}   a place (country, region or city), two different ones
//	{A}        an organisation, armed group or institution
//	{H} {H2}   a person, two different ones
//	{ADJ}      a place's demonym ("Iraqi")
//	{T}        a topic, in lower case in sentences and title case in titles
//	{N}        a number
//	{DAY}      a weekday

var titleTemplates = []string{
	"{H} Visits {P} to Discuss {T}",
	"{P} and {P2} Agree to Resume Talks on {T}",
	"{A} Warns of Escalation in {P} over {T}",
	"{P} Says {T} Talks Will Go On",
	"{H} Calls for Calm as {T} Dispute Deepens",
	"{A} Denies Role in {P} Attack Amid {T} Row",
	"{P} Announces New Measures on {T}",
	"{ADJ} Parliament Debates {T}",
	"{H} Meets {H2} in {P} on {T}",
	"Report: {A} Expands Presence in {P}",
	"Talks on {T} between {P} and {P2} Stall",
	"{A} Accuses {P} of Blocking {T}",
	"{H} Says {P} Will Not Accept Pressure on {T}",
	"{P} Opens Investigation into {T}",
	"Anger in {P} over {T}",
	"{P} Seeks {P2}’s Support on {T}",
	"{A} Suspends {T} Work in {P}",
	"{ADJ} Officials Expect Deal on {T} within Weeks",
	"{H} Defends Government Record on {T}",
	"{P} Braces for Fallout from {T} Decision",
	"Sources: {A} Weighs New Approach to {T}",
	"{H} Tells {A} {P} Is Ready for {T} Deal",
	"{P} Hosts Regional Meeting on {T}",
	"Pressure Mounts on {H} over {T}",
}

var topics = []string{
	"Border Security", "Reconstruction Funding", "Prisoner Exchange", "Water Sharing",
	"Electricity Imports", "Refugee Returns", "Oil Exports", "Ceasefire Terms",
	"Troop Withdrawal", "Election Timetable", "Wheat Supplies", "Port Operations",
	"Drone Attacks", "Power Cuts", "Currency Reform", "Detainee Releases",
	"Aid Deliveries", "Gas Pipeline", "Airport Reopening", "Security Cooperation",
	"Judicial Reform", "Cabinet Formation", "Debt Restructuring", "Fuel Shortages",
	"Cross-Border Trade", "Demining Efforts", "Hostage Talks", "Budget Deadlock",
	"Customs Tariffs", "Missing Persons", "Public Salaries", "Housing Shortages",
	"Hospital Funding", "Smuggling Networks", "Media Freedom", "Sanctions Relief",
	"Drought Response", "Maritime Boundaries", "Militia Integration", "School Reopening",
	"Transitional Justice", "Fishing Rights", "Internet Shutdowns", "Investment Law",
}

// sentences are body sentences; those without placeholders dilute the
// entities so that tagging has text to scan.
var sentences = []string{
	"Officials in {P} said the measures would take effect within {N} days, adding that contacts with neighbouring states were continuing.",
	"The situation in {P} has deteriorated sharply since the start of the year, according to aid groups working on the ground.",
	"{ADJ} officials declined to comment on the reports, citing the sensitivity of the negotiations.",
	"Residents of {P} described long queues at fuel stations and power cuts lasting up to {N} hours a day.",
	"Analysts said the move reflected growing pressure on {P} to show progress on {T} before the end of the year.",
	"Trade between {P} and {P2} reached nearly {N} million dollars last year, according to official figures.",
	"A delegation from {P} is expected to travel to {P2} next week to follow up on the agreement.",
	"The United Nations estimates that {N},000 people have been displaced in {P} since the fighting began.",
	"{P}’s economy has struggled for years under the weight of debt, corruption and a shrinking public purse.",
	"{H} said on {DAY} that the government would not accept any solution imposed from outside.",
	"“We are ready to work with all parties, but our sovereignty is not negotiable,” {H} told reporters.",
	"{H} met a visiting delegation on {DAY} and discussed ways to expand cooperation on {T}.",
	"In a televised address, {H} called on all sides to exercise restraint and return to dialogue.",
	"Critics accuse {H} of failing to deliver on promises made during the last election campaign.",
	"{H} is expected to raise the issue of {T} during an upcoming visit to {P}.",
	"{A} said in a statement that it had not been consulted before the decision was announced.",
	"A spokesman for {A} denied any involvement in the attack and called for an independent investigation.",
	"{A} has repeatedly warned that a lack of funding could force it to suspend its operations in {P}.",
	"Sources close to {A} said it was reviewing its position after the latest round of talks.",
	"The report, published by {A}, documented at least {N} violations over the past six months.",
	"{H} and representatives of {A} held talks in {P} on {DAY}, their first meeting in months.",
	"According to {ADJ} media, {H} received a phone call from {H2} in which the two men discussed {T}.",
	"{H2} later said that the talks with {H} had been “frank and constructive”.",
	"The announcement came after weeks of negotiations that had repeatedly stalled over the details.",
	"Prices of basic goods have risen steadily, and many families now depend on aid to get through the month.",
	"No timetable was given for the next round of talks.",
	"Observers said much would depend on whether the commitments were carried out in practice.",
	"The ministry said further details would be announced in the coming days.",
	"A committee of experts has been formed to study the proposals and report back within {N} weeks.",
	"Lawmakers from several blocs walked out of the session in protest, delaying a vote on the budget.",
	"Local officials said that at least {N} people had been wounded in the clashes, some of them seriously.",
	"The issue of {T} has divided the country’s political class for more than a decade.",
	"Diplomats familiar with the file said a compromise was still possible if both sides showed flexibility.",
	"Rights groups have called for an independent inquiry and for those responsible to be held to account.",
	"Security was tightened around government buildings and main roads ahead of the meeting.",
	"Farmers in the area say the drought has cut their harvest by almost half this season.",
	"The government in {P} has promised to publish the full text of the agreement once it is signed.",
	"Officials from {A} visited the area on {DAY} to assess the damage and the needs of residents.",
	"{H} has faced mounting criticism at home over the handling of {T}.",
	"The talks in {P} were attended by envoys from {P2} and several Western countries.",
	"{A} said its teams had reached {N} villages so far, but that access to others remained difficult.",
	"Speaking after the meeting, {H} said both sides had agreed to keep channels of communication open.",
	"A senior official, who asked not to be named because he was not authorised to speak to the media, said the plan had been approved in principle.",
	"The decision is likely to be challenged in court, lawyers said.",
	"Schools and government offices in the capital were closed for {N} days as a precaution.",
	"Since then, the two sides have exchanged accusations of violating the terms of the truce.",
	"The currency lost nearly a third of its value against the dollar over the same period.",
	"Western diplomats said they would watch closely how {P} handled the file in the months ahead.",
	"{ADJ} media reported that a second round of talks could take place before the end of the month.",
	"Hundreds of people took to the streets of {P} on {DAY}, chanting slogans against corruption.",
}

var captionSubjects = []string{
	"{H} speaks during a news conference",
	"{H} meets a visiting delegation",
	"Security forces stand guard outside a government building",
	"People walk past damaged buildings",
	"Demonstrators gather during a protest against rising prices",
	"Trucks carrying aid wait at a border crossing",
	"A general view of the port",
	"Supporters wave flags during a rally",
	"Members of the security forces inspect the site of an explosion",
	"Displaced families receive food parcels",
	"Workers repair a damaged power line",
	"Lawmakers attend a session of parliament",
}

var photographers = []string{
	"Samir Haddad", "Layla Nasser", "Yousef Karimi", "Rami Saleh", "Hana Mourad",
	"Tarek Azzam", "Nour Fakhoury", "Ziad Qasem", "Dalia Sabbagh", "Omar Rahal",
}

var weekdays = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// agencies are photo credits in parentheses.
var agencies = []string{"(AFP)", "(Reuters)", "(AP)", "(SANA / AFP)", "(Anadolu Agency)", "(EPA)"}
