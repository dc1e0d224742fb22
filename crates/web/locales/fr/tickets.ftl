# The hotline (issue 18): tickets, agents' queues, audit log, service levels.
nav-hotline = Assistance
ticket-report-problem = Signaler un problème
ticket-home-queue = Ouvrir la file des tickets
ticket-file-title = Demander de l’aide
ticket-file-intro = Décrivez votre problème : l’équipe d’assistance vous répondra ici. Ne donnez jamais votre mot de passe.
ticket-file-about-capsule = Ce signalement porte sur la capsule que vous regardiez ; il sera transmis à son auteur.
ticket-file-about-set = Ce signalement porte sur la série d’exercices que vous faisiez ; elle sera transmise à son auteur.
ticket-category = Catégorie
ticket-category-choose = Choisissez…
ticket-category-cannot_sign_in = Je n’arrive pas à me connecter
ticket-category-video = La vidéo ne se lit pas
ticket-category-connection = Données ou connexion
ticket-category-content = Erreur dans une capsule ou un exercice
ticket-category-device = Appareil ou tablette
ticket-category-other = Autre
ticket-contact = Votre code élève ou votre numéro de téléphone
ticket-contact-hint = Pour que l’équipe puisse vous retrouver, par exemple J130012345 ou 06 12 34 56 78.
ticket-contact-pupil_code = Code élève indiqué
ticket-contact-phone = Téléphone indiqué
ticket-subject = Sujet
ticket-description = Description
ticket-file-submit = Envoyer la demande
ticket-throttled = Trop de demandes ont été envoyées depuis cette connexion. Réessayez dans une heure.
ticket-follow-title = Votre demande d’aide
ticket-filed = Votre demande est enregistrée.
ticket-filed-keep = Gardez ce lien : il est le seul moyen de suivre la réponse.
ticket-state = État
ticket-state-open = Nouvelle
ticket-state-taken = En cours
ticket-state-waiting = En attente de votre réponse
ticket-state-escalated = Transmise à l’administration
ticket-state-resolved = Résolue
ticket-state-unresolved = Non résolues
ticket-filed-on = Déposée le
ticket-messages = { $count ->
    [0] Aucun message
    [one] { $count } message
   *[other] { $count } messages
}
ticket-from-hotline = Assistance
ticket-from-you = Vous
ticket-from-filer = Demandeur
ticket-answer = Votre réponse
ticket-answer-submit = Répondre
ticket-queue-title = File des tickets
ticket-escalated-title = Tickets transmis
ticket-reports-title = Signalements sur mes contenus
ticket-all = Toutes
ticket-filter = Filtrer
ticket-none = Aucun ticket.
ticket-count = { $count ->
    [one] { $count } ticket
   *[other] { $count } tickets
}
ticket-title = Ticket
ticket-requester = Demandeur
ticket-requester-role = Rôle
ticket-requester-class = Classe
ticket-requester-last-sign-in = Dernière connexion
ticket-requester-slowed = Connexion ralentie
ticket-requester-failures = { $count ->
    [one] Oui : { $count } échec récent
   *[other] Oui : { $count } échecs récents
}
ticket-requester-unverified = La demande vient d’un visiteur non connecté : le code élève est une déclaration. Vérifiez qui appelle (classe, enseignant, établissement) avant de donner un code ou de lever un ralentissement.
ticket-requester-not-slowed = Non
ticket-give-code = Donner un code à usage unique
ticket-unlock = Lever le ralentissement
ticket-reset-link = Renvoyer un lien de réinitialisation
ticket-take = Prendre ce ticket
ticket-respond = Répondre
ticket-canned = Partir d’une réponse type :
ticket-canned-code-from-teacher = Bonjour, votre enseignant ou votre établissement peut vous donner un code à usage unique pour vous reconnecter. Saisissez-le sur la page « J’ai un code ».
ticket-canned-data-saver = Bonjour, activez l’économiseur de données dans votre profil : les vidéos se chargent alors en basse qualité ou en son seul.
ticket-canned-offline = Bonjour, vous pouvez enregistrer une leçon pour la consulter hors connexion avec le bouton « Enregistrer ».
ticket-canned-restart-device = Bonjour, redémarrez l’appareil et réessayez. Si le problème continue, dites-nous le modèle de l’appareil.
ticket-canned-need-details = Bonjour, pouvez-vous nous en dire plus : que faisiez-vous, et quel message s’est affiché ?
ticket-canned-forwarded = Bonjour, votre demande a été transmise à votre établissement, qui reviendra vers vous.
ticket-message = Message
ticket-reply = Envoyer
ticket-ask = Demander des informations
ticket-resolve = Résoudre
ticket-escalate = Transmettre
ticket-escalate-to = À qui
ticket-escalate-school = L’administration de l’établissement
ticket-escalate-region = L’AREF
ticket-escalate-submit = Transmettre
ticket-done-take = Le ticket est à vous.
ticket-done-respond = Message envoyé.
ticket-done-escalate = Ticket transmis.
ticket-done-unlock = Le ralentissement des connexions est levé.
ticket-done-reset-link = Un lien de réinitialisation part par e-mail.
ticket-no-email = Ce compte n’a pas d’adresse e-mail.
ticket-mail-off = L’envoi d’e-mails n’est pas configuré.
ticket-action-take = A pris le ticket
ticket-action-reply = A répondu
ticket-action-ask_information = A demandé des informations
ticket-action-resolve = A résolu
ticket-action-escalate = A transmis
ticket-action-unlock = A levé le ralentissement
ticket-action-one_time_code = A donné un code à usage unique
ticket-action-resend_link = A renvoyé un lien
ticket-audit-title = Journal des actions d’assistance
ticket-audit-intro = Chaque action des agents : qui, quoi, pour qui, quand.
ticket-audit-empty = Aucune action enregistrée.
ticket-audit-count = { $count ->
    [one] { $count } action
   *[other] { $count } actions
}
ticket-audit-when = Quand
ticket-audit-who = Qui
ticket-audit-what = Quoi
ticket-audit-whom = Pour qui
ticket-audit-region = Région
ticket-levels-title = Niveaux de service de l’assistance
ticket-levels-intro = { $days ->
    [one] Tickets déposés le dernier jour ; le stock compte tous les tickets non résolus.
   *[other] Tickets déposés ces { $days } derniers jours ; le stock compte tous les tickets non résolus.
}
ticket-levels-table = Par région et catégorie
ticket-levels-filed = Déposés
ticket-levels-open = Non résolus
ticket-levels-first-response = Première réponse (moyenne)
ticket-levels-resolution = Résolution (moyenne)
ticket-levels-empty = Aucun ticket.
ticket-levels-backlog-chart = Tickets non résolus par catégorie
ticket-levels-backlog-chart-desc = Le nombre de tickets non résolus dans chaque catégorie.
ticket-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
ticket-hours = { $count ->
    [one] { $count } heure
   *[other] { $count } heures
}
ticket-days = { $count ->
    [one] { $count } jour
   *[other] { $count } jours
}
err-invalid-phone = Saisissez un numéro marocain, par exemple 06 12 34 56 78, ou un code élève.
