# A pupil's first contact: the home page leads with what to do now.
pupil-home-todo-empty-next = Révisez ou explorez les matières de votre niveau ci-dessous.
pupil-home-done-count = { $count ->
    [one] { $count } travail fait
   *[other] { $count } travaux faits
}
pupil-home-overdue = en retard
pupil-home-revision-none = Rien à réviser aujourd’hui. Les questions auxquelles vous répondez reviennent ici au bon moment.
pupil-home-my-level = Mon niveau et ses matières
pupil-home-no-class-next = En attendant, choisissez votre niveau dans le programme :
pupil-home-no-subjects = Pas encore de leçons à votre niveau. Parcourez le programme :
# The language a capsule or exercise set is written in, named in that language (shown
# with its `lang` attribute, whatever the interface language).
content-language-ar = عربية
content-language-fr = Français
content-language-filter = Langue du contenu :
content-language-all = Toutes
authoring-language = Langue des questions
authoring-language-from-text = D’après le texte des questions
