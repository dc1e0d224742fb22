# Self-correction in practice: a hint first, the answer after a second try or on request.
practice-hint-title = Indice
practice-no-hint = Pas d’indice pour cette question : relisez-la et essayez encore.
practice-right-answer = La bonne réponse
practice-answer-later = La bonne réponse s’affichera après un deuxième essai faux, ou si vous la demandez.
practice-show-answer = Voir la réponse
practice-try-again = Essayez encore
practice-counts-tomorrow = Pour la maîtrise, c’est la première réponse de chaque jour qui compte : revenez demain pour montrer que vous l’avez retenue.
practice-err-quiz-answer = Ce quiz ne montre pas ses réponses sur demande.
practice-err-answer-first = Répondez d’abord à la question.
